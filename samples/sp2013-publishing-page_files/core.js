/* _layouts/15/core.js (excerpt) */
function STSNavigate(url) { window.location.href = url; }
function SetIsAccessibilityFeatureEnabled(v) {}
function UpdateAccessibilityUI() {}
function ToggleAnimationStatus() {}
