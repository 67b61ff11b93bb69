/* Page script of the AMI assistant: French page language and widget texts, copy buttons, citation links that
   open their source, and the browser-session cookie that keeps the chat history across reloads. */
(function () {
  var doc = document;
  doc.documentElement.lang = "fr";
  if (window.AMI_SID && !/(?:^|;\s*)ami_sid=/.test(doc.cookie)) {
    doc.cookie = "ami_sid=" + window.AMI_SID + "; path=/; max-age=31536000; SameSite=Lax";
  }
  if (window.__amiReady) { return; }
  window.__amiReady = true;

  // Streamlit's built-in English texts, in French.
  var TEXTS = [
    [/^Press Enter to submit form$/, "Appuyez sur Entrée pour envoyer"],
    [/^Press Enter to apply$/, "Appuyez sur Entrée pour valider"],
    [/^Press (⌘|Ctrl)\s*\+\s*Enter to (apply|submit form)$/, "Ctrl + Entrée pour valider"],
    [/^Drag and drop (a )?files? here$/, "Glissez-déposez vos fichiers ici"],
    [/^Limit (.+?)\s*MB per file(.*)$/, function (m, n, rest) { return n + " Mo maximum par fichier" + rest; }],
    [/^Browse files$/, "Parcourir"],
    [/^(\d+(?:\.\d+)?)\s*MB per file$/, function (m, n) { return n + " Mo maximum par fichier"; }],
    [/^Skip to main content$/, "Aller au contenu principal"],
    [/^Sidebar$/, "Menu latéral"],
    [/^App pages$/, "Pages de l'application"],
    [/^Link to heading$/, "Lien vers ce titre"],
    [/^Send message$/, "Envoyer la question"],
    [/^Show password$/, "Afficher le mot de passe"],
    [/^Hide password$/, "Masquer le mot de passe"],
    [/^file upload$/i, "Déposer des fichiers"],
    [/^Dismiss$/, "Fermer"],
    [/^Upload$/, "Choisir un fichier"],
    [/^Add files$/, "Ajouter des fichiers"],
    [/^Choose an option$/, "Choisissez…"],
    [/^Choose options$/, "Choisissez…"],
    [/^No results$/, "Aucun résultat"],
    [/^No options to select\.?$/, "Aucune option"],
    [/^Add an option$/, "Ajoutez une valeur"],
    [/^Add options$/, "Ajoutez des valeurs"],
    [/^Clear all$/, "Tout effacer"],
    [/^DD\/MM\/YYYY$/, "JJ/MM/AAAA"],
    [/^Show password text$/, "Afficher le mot de passe"],
    [/^Hide password text$/, "Masquer le mot de passe"],
    [/^Copy to clipboard$/, "Copier"],
    [/^Running\.\.\.$/, "Calcul en cours…"],
    [/^Stop$/, "Arrêter"],
    [/^Collapse sidebar$/, "Replier le menu"],
    [/^Expand sidebar$/, "Ouvrir le menu"],
    [/^Main menu$/, "Menu principal"],
    [/^View more$/, "Voir plus"],
    [/^View less$/, "Voir moins"],
    [/^Delete$/, "Supprimer"],
    [/^Remove$/, "Retirer"],
    [/^Close$/, "Fermer"],
    [/^Open$/, "Ouvrir"],
    [/^Clear$/, "Effacer"],
    [/^Fullscreen$/, "Plein écran"],
    [/^Download as CSV$/, "Télécharger en CSV"],
    [/^Search$/, "Rechercher"],
    [/^Increment$/, "Augmenter"],
    [/^Decrement$/, "Diminuer"],
    [/^Previous month\.?$/, "Mois précédent"],
    [/^Next month\.?$/, "Mois suivant"],
    [/^Choose a date\.?.*$/, "Choisissez une date"],
    [/^Select a date\.?.*$/, "Choisissez une date"],
    [/^Page not found$/, "Page introuvable"],
    [/^(\d+(?:\.\d+)?)\s*(KB|MB|B)$/, function (m, n, u) {
      return n.replace(".", ",") + " " + ({KB: "ko", MB: "Mo", B: "o"})[u]; }]
  ];
  var ATTRS = ["aria-label", "placeholder", "title"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"];
  var MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"];

  function tr(text) {
    if (!text) { return null; }
    var t = text.trim();
    for (var i = 0; i < TEXTS.length; i++) {
      var m = t.match(TEXTS[i][0]);
      if (m) {
        var r = typeof TEXTS[i][1] === "function" ? TEXTS[i][1].apply(null, m) : TEXTS[i][1];
        return r === t ? null : r;
      }
    }
    var k = MONTHS.indexOf(t.split(" ")[0]);
    if (k >= 0 && /^[A-Z][a-z]+ \d{4}$/.test(t)) { return MOIS[k] + " " + t.split(" ")[1]; }
    return null;
  }

  function fix(root) {
    if (!root || root.nodeType !== 1) { return; }
    if (doc.documentElement.lang !== "fr") { doc.documentElement.lang = "fr"; }
    // The menu sections put div elements inside its list: keep the links, drop the broken list semantics.
    root.querySelectorAll('[data-testid="stSidebarNavItems"], [data-testid="stSidebarNavItems"] li').forEach(
      function (el) { if (el.getAttribute("role") !== "none") { el.setAttribute("role", "none"); } });
    var walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var r = tr(node.nodeValue);
      if (r !== null) { node.nodeValue = r; }
    }
    var els = [root].concat(Array.prototype.slice.call(root.querySelectorAll("[aria-label],[placeholder],[title]")));
    els.forEach(function (el) {
      ATTRS.forEach(function (a) {
        var v = el.getAttribute && el.getAttribute(a);
        var r = tr(v);
        if (r !== null) { el.setAttribute(a, r); }
      });
    });
    root.querySelectorAll("img:not([alt])").forEach(function (img) { img.setAttribute("alt", ""); });
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(doc.body); });
  }
  new MutationObserver(schedule).observe(doc.body, {subtree: true, childList: true, characterData: true,
                                                     attributes: true, attributeFilter: ATTRS});
  fix(doc.body);

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    var area = doc.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    doc.body.appendChild(area);
    area.select();
    try { doc.execCommand("copy"); } finally { doc.body.removeChild(area); }
    return Promise.resolve();
  }

  doc.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.ami-copy");
    if (button) {
      var label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      copyText(button.getAttribute("data-copy") || "").then(function () {
        button.textContent = "Copié ✓";
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () { button.textContent = "Copie impossible"; });
      return;
    }
    var link = event.target.closest && event.target.closest('a[href*="#ami-src-"], a[href*="#elig-src-"]');
    if (link) {
      var id = decodeURIComponent(link.getAttribute("href").split("#")[1] || "");
      var target = doc.getElementById(id);
      if (target) {
        event.preventDefault();
        event.stopPropagation();
        if (target.tagName === "DETAILS") { target.open = true; }
        target.scrollIntoView({block: "center"});
        var summary = target.querySelector("summary");
        if (summary) { summary.focus({preventScroll: true}); }
      }
    }
  }, true);
})();
