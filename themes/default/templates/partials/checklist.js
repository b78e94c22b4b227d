/* checklist behaviour: see the checklist issue */
