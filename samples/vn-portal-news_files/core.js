/* _layouts/1033/core.js (excerpt) */
function STSNavigate(url) { window.location.href = url; }
function CoreInvoke(name) { var args = Array.prototype.slice.call(arguments, 1); if (typeof window[name] == "function") return window[name].apply(null, args); }
function IMNImageOnClick(evt) { return false; }
function SetIsAccessibilityFeatureEnabled(v) {}
function UpdateAccessibilityUI() {}
