// Pagefind UI set-up for the search page (a file, not inline: the CSP allows no inline script).
window.addEventListener("DOMContentLoaded", function () {
  var base = document.getElementById("search").dataset.base;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: base + "pagefind/",
    baseUrl: base,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true,
    translations: {
      placeholder: "Rechercher des articles, acteurs, lieux",
      clear_search: "Effacer",
      load_more: "Plus de résultats",
      search_label: "Rechercher dans le site",
      zero_results: "Aucun résultat pour [SEARCH_TERM]",
      many_results: "[COUNT] résultats pour [SEARCH_TERM]",
      one_result: "[COUNT] résultat pour [SEARCH_TERM]",
      alt_search: "Aucun résultat pour [SEARCH_TERM]. Résultats pour [DIFFERENT_TERM]",
      search_suggestion: "Aucun résultat pour [SEARCH_TERM]. Essayez :",
      searching: "Recherche de [SEARCH_TERM]…"
    }
  });
  // Pagefind's input has only a title; name it by the page heading for assistive technology.
  var input = document.querySelector("#search .pagefind-ui__search-input");
  if (input) { input.setAttribute("aria-labelledby", "recherche"); }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
});
