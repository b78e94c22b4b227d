/* The contents are folded by default (a phone reaches the text first);
   where they are a column beside the text they start open. Inline, right
   after them, so they never show folded first. */
if (window.matchMedia && matchMedia("(min-width: 1100px)").matches) document.currentScript.parentNode.querySelector("details").open = true;
