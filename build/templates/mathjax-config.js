// MathJax 2 settings for every page, read by MathJax.js when it loads (the local copy from
// jupyter-server-mathjax). Formulas become MathML, which current browsers draw natively:
// the HTML-CSS renderer would load web fonts, and browsers refuse fonts to a page opened
// from file:// (a CORS error per font), leaving formulas in substitute glyphs.
window.MathJax = {
  tex2jax: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
            processEscapes: true},
  menuSettings: {renderer: "NativeMML"},
  // the HTML-CSS renderer still starts; the local copy has only its STIX-Web font data
  "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null},
  messageStyle: "none"
};
