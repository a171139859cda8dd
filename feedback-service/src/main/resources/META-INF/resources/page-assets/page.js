// The couple's page works without this script; with it, two things are smoother:
// a sign-in link (#token=...) fills the sign-in form without the token ever reaching a server
// log (the partner still presses "Sign in": a link alone never signs anyone in, so nobody can be
// signed in to another's page by a link someone sent them), and the history loads earlier moments
// as one scrolls to its end.
(function () {
  "use strict";

  function signInFromLink() {
    var form = document.getElementById("sign-in");
    if (!form || location.hash.indexOf("#token=") !== 0) {
      return;
    }
    var token = decodeURIComponent(location.hash.substring("#token=".length));
    history.replaceState(null, "", location.pathname);
    form.elements.token.value = token;
    var notice = document.getElementById("from-link");
    if (notice) {
      notice.hidden = false;
    }
    form.querySelector("button[type=submit]").focus();
  }

  function loadMoreAsOneScrolls() {
    var list = document.getElementById("moments");
    if (!list || !("IntersectionObserver" in window)) {
      return;
    }
    var loading = false;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !loading) {
          load(entry.target);
        }
      });
    });
    function watch() {
      var more = list.querySelector("a.more[data-fragment]");
      if (more) {
        observer.observe(more);
      }
    }
    function load(link) {
      loading = true;
      observer.unobserve(link);
      fetch(link.getAttribute("data-fragment"), { credentials: "same-origin" })
        .then(function (response) {
          // Only the history's own moments: a sign-in page (the session ended) or an error page
          // is never spliced in; the link then takes one there as a plain link.
          if (!response.ok || response.headers.get("X-Openup-Fragment") !== "moments") {
            throw new Error("not moments");
          }
          return response.text();
        })
        .then(function (html) {
          var item = link.closest("li");
          var template = document.createElement("template");
          template.innerHTML = html;
          var first = template.content.querySelector("li.moment");
          var hadFocus = document.activeElement === link;
          item.replaceWith(template.content);
          if (first && hadFocus) {
            // Keyboard users continue where the link was, at the first earlier moment.
            first.setAttribute("tabindex", "-1");
            first.focus();
          }
          loading = false;
          watch();
        })
        .catch(function () {
          location.href = link.href;
        });
    }
    watch();
  }

  document.addEventListener("DOMContentLoaded", function () {
    signInFromLink();
    loadMoreAsOneScrolls();
  });
})();
