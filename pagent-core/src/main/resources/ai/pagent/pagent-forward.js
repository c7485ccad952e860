/*
 * pagent-forward.js: sends the browser's pagent variables to your server.
 *
 * - <form method="post" data-pgnt-goal="checkout"> gets a hidden field with
 *   JSON.stringify(window._pgnt.variables("checkout")) when it is submitted, as the form's first
 *   field (streaming form parsers bind fields in order). Only a POST form to this page's own
 *   origin gets it: not a GET form (the ids would land in URLs and access logs), not a form
 *   posting to another site (a payment provider). A form opts in to any method and target with
 *   data-pgnt-any-target.
 * - fetch(url, { headers: pagentForward.headers("checkout") }) sends them as a header.
 *
 * The session and user ids are sent even when no goal matched the label (conversion_id null):
 * the server may know the goal itself (pagent.goals.<goal>). Does nothing, and throws nothing,
 * when window._pgnt is absent. Served by ai.pagent.servlet.PagentFilter.
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
      if (!v || typeof v !== "object" || v.session_id == null || v.user_id == null) {
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

  // Attributes through the prototype: a form's fields shadow its properties (<input name="action">
  // makes form.action that input), so form.action and form.method cannot be trusted.
  function attr(element, name) {
    return Element.prototype.getAttribute.call(element, name);
  }

  // Where and how the form is about to be sent; a submit button's formaction/formmethod win.
  function isSameOriginPost(form, submitter) {
    var method = attr(form, "method");
    var action = attr(form, "action");
    if (submitter && submitter.nodeType === 1) {
      if (attr(submitter, "formmethod") !== null) {
        method = attr(submitter, "formmethod");
      }
      if (attr(submitter, "formaction") !== null) {
        action = attr(submitter, "formaction");
      }
    }
    if (String(method).trim().toLowerCase() !== "post") {
      return false;
    }
    var target = new URL(action || "", document.baseURI);
    return target.origin === window.location.origin;
  }

  function fill(form, submitter) {
    if (attr(form, "data-pgnt-any-target") === null && !isSameOriginPost(form, submitter)) {
      return;
    }
    var json = variables(attr(form, "data-pgnt-goal"));
    if (json === null) {
      return;
    }
    var field = null;
    var elements = Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, "elements").get.call(form);
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
    }
    var first = Object.getOwnPropertyDescriptor(Node.prototype, "firstChild").get.call(form);
    if (first !== field) {
      Node.prototype.insertBefore.call(form, field, first);
    }
    field.value = json;
  }

  if (document && document.addEventListener) {
    // Capture phase: the field is in place before the page's own submit handlers read the form.
    document.addEventListener("submit", function (event) {
      try {
        var form = event.target;
        if (form instanceof HTMLFormElement && attr(form, "data-pgnt-goal") !== null) {
          fill(form, event.submitter);
        }
      } catch (e) {
        // never stand in the way of a submit
      }
    }, true);
  }

  window.pagentForward = { headers: headers, json: variables };
})(window, document);
