/*
 * pagent-forward.js: sends the browser's pagent variables to your server.
 *
 * - <form data-pgnt-goal="checkout"> gets a hidden field with
 *   JSON.stringify(window._pgnt.variables("checkout")) when it is submitted.
 * - fetch(url, { headers: pagentForward.headers("checkout") }) sends them as a header.
 *
 * Does nothing, and throws nothing, when window._pgnt is absent or no goal matched
 * (conversion_id null). Served by ai.pagent.servlet.PagentFilter.
 */
(function (window, document) {
  "use strict";
  var HEADER = "__PAGENT_HEADER__";
  var FIELD = "__PAGENT_FIELD__";

  function variables(label) {
    try {
      var pgnt = window._pgnt;
      if (!pgnt || typeof pgnt.variables !== "function") {
        return null;
      }
      var v = pgnt.variables(label);
      if (!v || typeof v !== "object" || v.conversion_id == null) {
        return null;
      }
      return JSON.stringify(v);
    } catch (e) {
      return null;
    }
  }

  function headers(label) {
    var result = {};
    var json = variables(label);
    if (json !== null) {
      result[HEADER] = json;
    }
    return result;
  }

  function fill(form) {
    var json = variables(form.getAttribute("data-pgnt-goal"));
    if (json === null) {
      return;
    }
    var field = null;
    var elements = form.elements;
    for (var i = 0; i < elements.length; i++) {
      if (elements[i].name === FIELD) {
        field = elements[i];
        break;
      }
    }
    if (field === null) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = FIELD;
      form.appendChild(field);
    }
    field.value = json;
  }

  if (document && document.addEventListener) {
    // Capture phase: the field is in place before the page's own submit handlers read the form.
    document.addEventListener("submit", function (event) {
      try {
        var form = event.target;
        if (form && form.nodeName === "FORM" && form.hasAttribute("data-pgnt-goal")) {
          fill(form);
        }
      } catch (e) {
        // never stand in the way of a submit
      }
    }, true);
  }

  window.pagentForward = { headers: headers, json: variables };
})(window, document);
