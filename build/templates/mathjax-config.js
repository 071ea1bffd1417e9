// MathJax 2 settings for every page, read by MathJax.js when it loads. The local copy
// (from jupyter-server-mathjax) ships the STIX web fonts, not the default TeX ones.
window.MathJax = {
  tex2jax: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
            processEscapes: true},
  "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null},
  messageStyle: "none"
};
