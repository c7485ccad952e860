/*
 * LOCAL STAND-IN for pagent's browser script. For offline samples only: never use it in production.
 *
 * pagent's real script (configure pagent.script-url to load it instead) runs the experiments and
 * knows the visitor. This stand-in only imitates its window._pgnt.variables(label) so the samples
 * work without a network:
 *   user_id        persistent, in localStorage
 *   session_id     per browser session, in sessionStorage
 *   visit_id       per page view
 *   conversion_id  the goal UUID configured for the label (data-goals on this script tag), else null
 */
(function (window, document) {
  "use strict";
  var USER_KEY = "pagent-standin.user_id";
  var SESSION_KEY = "pagent-standin.session_id";

  function randomId(prefix) {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) {
      hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return prefix + hex;
  }

  function stored(storage, key, prefix) {
    try {
      var value = storage.getItem(key);
      if (!value) {
        value = randomId(prefix);
        storage.setItem(key, value);
      }
      return value;
    } catch (e) {
      return randomId(prefix); // storage disabled: one id per page view
    }
  }

  var script = document.currentScript;
  var goals = {};
  try {
    goals = JSON.parse((script && script.getAttribute("data-goals")) || "{}");
  } catch (e) {
    goals = {};
  }
  var userId = stored(window.localStorage, USER_KEY, "u_");
  var sessionId = stored(window.sessionStorage, SESSION_KEY, "s_");
  var visitId = randomId("v_");

  window._pgnt = {
    standIn: true,
    variables: function (label) {
      var goal = Object.prototype.hasOwnProperty.call(goals, label) ? goals[label] : null;
      return { session_id: sessionId, user_id: userId, visit_id: visitId, conversion_id: goal };
    }
  };
})(window, document);
