/* _layouts/1033/init.js (excerpt) */
var L_Menu_BaseUrl = "";
function _spBodyOnLoadWrapper() { if (typeof _spBodyOnLoadFunctionNames != "undefined") { for (var i = 0; i < _spBodyOnLoadFunctionNames.length; i++) { try { eval(_spBodyOnLoadFunctionNames[i] + "()"); } catch (e) {} } } }
var _spBodyOnLoadFunctionNames = [];
function removeAllStatus(b) {}
function UpdateFormDigest(url, interval) {}
function ExecuteOrDelayUntilScriptLoaded(fn, name) { return false; }
