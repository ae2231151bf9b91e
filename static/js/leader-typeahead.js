// Type-ahead for the leader filter: fills the <datalist> from a small JSON endpoint.
// Without JavaScript the field still works: type a leader's full name or slug (as in /leaders/<slug>/).
// Several leaders are comma-separated: a suggestion completes the last one and keeps the others.
// Leaders are found by any of their names, in any script and whatever the accents (毛泽东, Горбачев, Mao Tse-tung):
// the label shows the name found, so that the browser, which hides options whose value and label do not hold
// the text typed, keeps the suggestion.
// Chinese, Japanese and Korean names are looked for from their first character; other names from the second.
const CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/u;

document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("input[data-typeahead]");
  if (!input) return;
  const list = document.getElementById(input.getAttribute("list"));
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const parts = input.value.split(",");
    const term = parts.pop().trim();
    const earlier = parts.map((part) => part.trim()).filter(Boolean);
    if ([...term].length < 2 && !CJK.test(term)) return;
    timer = setTimeout(async () => {
      const response = await fetch(`${input.dataset.typeahead}?q=${encodeURIComponent(term)}`);
      if (!response.ok) return;
      const data = await response.json();
      list.replaceChildren(
        ...data.results.map((leader) => {
          const option = document.createElement("option");
          option.value = [...earlier, leader.slug].join(",");
          const found = leader.match && leader.match !== leader.name ? ` — ${leader.match}` : "";
          option.label = `${leader.name} (${leader.country.toUpperCase()})${found}`;
          return option;
        }),
      );
    }, 150);
  });
});
