/* read-only progress: see the checklist issue */
