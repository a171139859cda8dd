// The couple's page works without this script; with it, two things are smoother:
// a sign-in link (#token=...) signs in without the token ever reaching a server log, and the
// history loads earlier moments as one scrolls to its end.
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
    form.submit();
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
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var item = link.closest("li");
          var template = document.createElement("template");
          template.innerHTML = html;
          item.replaceWith(template.content);
          loading = false;
          watch();
        })
        .catch(function () {
          // The link still works as a link.
          loading = false;
        });
    }
    watch();
  }

  document.addEventListener("DOMContentLoaded", function () {
    signInFromLink();
    loadMoreAsOneScrolls();
  });
})();
