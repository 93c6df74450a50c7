/* _layouts/15/init.js (excerpt) */
var _spBodyOnLoadFunctions = [], _spBodyOnLoadFunctionNames = [];
function _spBodyOnLoadWrapper() {}
function RegisterSod(key, url) {}
function RegisterSodDep(key, dep) {}
function ExecuteOrDelayUntilScriptLoaded(fn, name) { return false; }
function removeAllStatus(b) {}
