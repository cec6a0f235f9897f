// The page's own labels (UI chrome), Dutch first (planners work in Dutch), English as a switch.
// What the data means (layer titles, legends, criterion and parameter names, exclusion reasons)
// comes from the service's presentation source instead (presentation.js).
// Elements carry data-i18n (text), data-i18n-aria (aria-label), data-i18n-title (title) or
// data-i18n-placeholder; applyI18n() fills them, so a language switch needs no reload.

// Each label once, with its Dutch and its English text side by side: [nl, en].
const labels = {
  'app.title': ['Infill – ruimte in de bestaande stad', 'Infill – room in the existing city'],
  'app.subtitle': ['Herontwikkelingspotentieel per perceel', 'Redevelopment potential per parcel'],
  'lang.switch': ['English', 'Nederlands'],
  'lang.switch.aria': ['Switch to English', 'Overschakelen naar Nederlands'],
  'scenario.label': ['Scenario', 'Scenario'],
  'scenario.none': ['Nog geen scenario’s: start een analyse (editor) of laad de voorbeeldstad.', 'No scenarios yet: start an analysis (editor) or load the sample city.'],
  'scenario.noResults': ['Dit scenario heeft nog geen resultaten; start een berekening.', 'This scenario has no results yet; start a run.'],
  'tabs.aria': ['Panelen', 'Panels'],
  'tab.layers': ['Lagen', 'Layers'],
  'tab.scenario': ['Scenario', 'Scenario'],
  'tab.selection': ['Selectie', 'Selection'],
  'tab.neighbourhoods': ['Buurten', 'Neighbourhoods'],
  'layers.heading': ['Kaartlagen', 'Map layers'],
  'layers.opacity': ['Dekking van {name}', 'Opacity of {name}'],
  'layers.toggle': ['{name} tonen', 'Show {name}'],
  'layers.unavailable': ['niet beschikbaar', 'not available'],
  'basemap.label': ['Achtergrondkaart', 'Basemap'],
  'basemap.off': ['Geen achtergrondkaart', 'No basemap'],
  'basemap.own': ['Achtergrond uit eigen data: straten, gebouwen, water en groen (offline)', 'Background from own data: streets, buildings, water and green (offline)'],
  'parcel.heading': ['Perceel {id}', 'Parcel {id}'],
  'parcel.close': ['Perceelpaneel sluiten', 'Close parcel panel'],
  'parcel.area': ['Oppervlakte', 'Area'],
  'parcel.existing': ['Bestaand vloeroppervlak', 'Existing floor area'],
  'parcel.allowed': ['Toegestaan vloeroppervlak', 'Allowed floor area'],
  'parcel.capacity': ['Capaciteit', 'Capacity'],
  'parcel.dwellings': ['Extra woningen', 'Extra dwellings'],
  'parcel.score': ['Score', 'Score'],
  'parcel.class': ['Klasse', 'Class'],
  'parcel.chart': ['Bijdrage per criterium', 'Contribution per criterion'],
  'parcel.chart.aria': ['Staafdiagram: bijdrage van elk criterium aan de score', 'Bar chart: contribution of each criterion to the score'],
  'parcel.contribution': ['Bijdrage', 'Contribution'],
  'parcel.excluded': ['Uitgesloten: {reason}', 'Excluded: {reason}'],
  'parcel.noZoning': ['geen bestemmingsplan', 'no zoning plan'],
  'parcel.heightUnknown': ['onbekend (hoogte niet op de kaart)', 'unknown (height not on the map)'],
  'parcel.zoning': ['Regels van het bestemmingsplan', 'Zoning rules'],
  'parcel.criterion': ['Criterium', 'Criterion'],
  'parcel.raw': ['Waarde', 'Value'],
  'parcel.weight': ['Gewicht', 'Weight'],
  'scenario.heading': ['Weging en parameters', 'Weights and parameters'],
  'scenario.weights': ['Gewichten', 'Weights'],
  'scenario.params': ['Parameters', 'Parameters'],
  'scenario.run': ['Berekenen', 'Run'],
  'scenario.running': ['Bezig: {stage} ({percent}%)', 'Running: {stage} ({percent}%)'],
  'scenario.done': ['Klaar: kaart bijgewerkt (versie {version}).', 'Done: map refreshed (version {version}).'],
  'scenario.failed': ['Berekening mislukt: {error}', 'Run failed: {error}'],
  'scenario.progress': ['Voortgang van de berekening', 'Run progress'],
  'scenario.saveName': ['Naam nieuw scenario', 'Name of the new scenario'],
  'scenario.save': ['Opslaan als scenario', 'Save as scenario'],
  'scenario.saved': ['Scenario “{name}” opgeslagen.', 'Scenario “{name}” saved.'],
  'scenario.needSignIn': ['Meld u aan als editor om te berekenen of op te slaan.', 'Sign in as an editor to run or save.'],
  'compare.heading': ['Scenario’s vergelijken', 'Compare scenarios'],
  'compare.a': ['Scenario A', 'Scenario A'],
  'compare.b': ['Scenario B', 'Scenario B'],
  'compare.run': ['Vergelijken', 'Compare'],
  'compare.map': ['Verschil op de kaart tonen', 'Show the difference on the map'],
  'compare.measure': ['Kleur op de kaart', 'Colour on the map'],
  'compare.measure.score': ['verschil in score', 'change in score'],
  'compare.measure.capacity': ['verschil in capaciteit', 'change in capacity'],
  'compare.legendAB': ['B = {b}, A = {a}; klik een perceel voor het verschil per criterium.', 'B = {b}, A = {a}; click a parcel for the difference per criterion.'],
  'diff.heading': ['Perceel {id}: B min A', 'Parcel {id}: B minus A'],
  'diff.intro': ['{b} tegen {a}: score {scoreA} → {scoreB} (Δ {delta}), klasse {classA} → {classB}.', '{b} against {a}: score {scoreA} → {scoreB} (Δ {delta}), class {classA} → {classB}.'],
  'diff.criterion': ['Criterium', 'Criterion'],
  'diff.contribA': ['Bijdrage A', 'Contribution A'],
  'diff.contribB': ['Bijdrage B', 'Contribution B'],
  'diff.delta': ['Δ bijdrage', 'Δ contribution'],
  'diff.weights': ['Gewicht A → B', 'Weight A → B'],
  'diff.scaled': ['Waarde (0–1) A → B', 'Value (0–1) A → B'],
  'diff.capacity': ['Capaciteit {capA} → {capB} m² (Δ {delta} m²).', 'Capacity {capA} → {capB} m² (Δ {delta} m²).'],
  'diff.chart': ['Verschil in bijdrage per criterium (B min A)', 'Change in contribution per criterion (B minus A)'],
  'compare.neighbourhood': ['Buurt', 'Neighbourhood'],
  'compare.delta': ['Verschil', 'Difference'],
  'compare.none': ['Kies twee verschillende scenario’s.', 'Choose two different scenarios.'],
  'compare.caption': ['Verschil per buurt (B min A)', 'Difference per neighbourhood (B minus A)'],
  'compare.fig.capacity': ['capaciteit (m²)', 'capacity (m²)'],
  'compare.fig.dwellings': ['woningen', 'dwellings'],
  'compare.fig.meanScore': ['gem. score', 'mean score'],
  'compare.fig.ageingFit': ['geschiktheid ouderen', 'ageing fit'],
  'compare.parcelsChanged': ['Percelen met andere klasse: {n}', 'Parcels with another class: {n}'],
  'selection.heading': ['Gebied kiezen', 'Choose an area'],
  'selection.draw': ['Polygoon tekenen', 'Draw a polygon'],
  'selection.drawHint': ['Klik punten op de kaart; klik op het eerste punt om te sluiten.', 'Click points on the map; click the first point to close.'],
  'selection.pick': ['Of kies een buurt', 'Or pick a neighbourhood'],
  'selection.pickNone': ['— buurt —', '— neighbourhood —'],
  'selection.clear': ['Selectie wissen', 'Clear selection'],
  'selection.summary': ['Samenvatting', 'Summary'],
  'selection.parcels': ['Percelen', 'Parcels'],
  'selection.capacity': ['Capaciteit (m²)', 'Capacity (m²)'],
  'selection.dwellings': ['Extra woningen', 'Extra dwellings'],
  'selection.meanScore': ['Gemiddelde score', 'Mean score'],
  'selection.perClass': ['Percelen per klasse', 'Parcels per class'],
  'selection.export': ['Exporteren', 'Export'],
  'selection.format': ['Bestandsformaat', 'File format'],
  'selection.empty': ['Nog geen gebied gekozen.', 'No area chosen yet.'],
  'nbh.heading': ['Buurten met de ouderenlens', 'Neighbourhoods through the ageing lens'],
  'nbh.caption': ['Buurten, sorteerbaar; klik op een kolomkop.', 'Neighbourhoods, sortable; click a column header.'],
  'nbh.name': ['Buurt', 'Neighbourhood'],
  'nbh.pop65': ['65+ (%)', '65+ (%)'],
  'nbh.parcels': ['Percelen', 'Parcels'],
  'nbh.capacity': ['Capaciteit (m²)', 'Capacity (m²)'],
  'nbh.dwellings': ['Woningen', 'Dwellings'],
  'nbh.meanScore': ['Gem. score', 'Mean score'],
  'nbh.fit': ['Ouderen-fit', 'Ageing fit'],
  'nbh.sortBy': ['Sorteren op {col}', 'Sort by {col}'],
  'nbh.empty': ['Geen buurtresultaten voor dit scenario.', 'No neighbourhood results for this scenario.'],
  'charts.heading': ['Grafieken', 'Charts'],
  'charts.capacity': ['Capaciteit per buurt (m²)', 'Capacity per neighbourhood (m²)'],
  'charts.capacity.axis': ['Capaciteit (m²)', 'Capacity (m²)'],
  'charts.capacity.aria': ['Staafdiagram: capaciteit in m² per buurt', 'Bar chart: capacity in m² per neighbourhood'],
  'charts.ageing': ['65+-aandeel tegen ouderen-fit', '65+ share against ageing fit'],
  'charts.ageing.x': ['65+ (% van de inwoners)', '65+ (% of residents)'],
  'charts.ageing.y': ['Ouderen-fit (m²)', 'Ageing fit (m²)'],
  'charts.ageing.aria': ['Spreidingsdiagram: per buurt het 65+-aandeel tegen de ouderen-fit, met de buurtnamen', 'Scatter chart: per neighbourhood the 65+ share against the ageing fit, labelled with the names'],
  'charts.classes': ['Percelen per scoreklasse', 'Parcels per score class'],
  'charts.classes.axis': ['Percelen', 'Parcels'],
  'charts.classes.aria': ['Gestapeld staafdiagram: percelen per scoreklasse per buurt', 'Stacked bar chart: parcels per score class per neighbourhood'],
  'charts.meanScore': ['Gemiddelde score per buurt', 'Mean score per neighbourhood'],
  'charts.meanScore.aria': ['Staafdiagram: gemiddelde score per buurt', 'Bar chart: mean score per neighbourhood'],
  'charts.meanScore.preview': ['Gem. score (voorbeeld)', 'Mean score (preview)'],
  'charts.preview': ['voorbeeld met de nieuwe gewichten', 'preview with the new weights'],
  'charts.updating': ['voorbeeld, wordt bijgewerkt naar de nieuwe gewichten', 'preview, being updated to the new weights'],
  'charts.lastRun': ['van de laatste berekening, nog zonder de nieuwe gewichten', 'from the last run, without the new weights yet'],
  'report.heading': ['Rapport', 'Report'],
  'report.open': ['Rapport', 'Report'],
  'report.openNbh': ['Rapport van de buurt', 'Report of the neighbourhood'],
  'report.pick': ['Buurt voor het rapport', 'Neighbourhood for the report'],
  'report.openSelection': ['Rapport van dit gebied', 'Report of this area'],
  'report.drawn': ['getekend gebied', 'drawn area'],
  'report.title': ['Rapport – {area}', 'Report – {area}'],
  'report.meta': ['{date} · scenario {scenario}', '{date} · scenario {scenario}'],
  'report.print': ['Afdrukken of als PDF bewaren', 'Print or save as PDF'],
  'report.close': ['Rapport sluiten', 'Close report'],
  'report.totals': ['Totalen', 'Totals'],
  'report.parcels': ['Percelen', 'Parcels'],
  'report.capacity': ['Capaciteit', 'Capacity'],
  'report.dwellings': ['Extra woningen', 'Extra dwellings'],
  'report.meanScore': ['Gemiddelde score', 'Mean score'],
  'report.ageingFit': ['Ouderen-fit', 'Ageing fit'],
  'report.map': ['Kaart', 'Map'],
  'report.map.aria': ['Kaart van {area}: percelen in de kleur van hun scoreklasse', 'Map of {area}: parcels in the colour of their score class'],
  'report.charts': ['Grafieken', 'Charts'],
  'report.classes.aria': ['Staafdiagram: percelen per scoreklasse in dit gebied', 'Bar chart: parcels per score class in this area'],
  'report.previewNote': ['Dit rapport toont de laatste berekening van het scenario; de gewichten van het voorbeeld zijn nog niet berekend en staan er niet in.',
    'This report shows the scenario\'s last run; the preview\'s weights are not computed yet and are not in it.'],
  'report.topChart': ['Score van de beste percelen', 'Score of the top parcels'],
  'report.top': ['De {n} percelen met de hoogste score', 'The {n} parcels with the highest score'],
  'report.parcel': ['Perceel', 'Parcel'],
  'report.reason': ['Waarom', 'Why'],
  'report.scenario': ['Scenario en weging', 'Scenario and weights'],
  'report.weights': ['Gewichten van de criteria', 'Weights of the criteria'],
  'report.share': ['Aandeel', 'Share'],
  'load.heading': ['Data laden', 'Load data'],
  'load.intro': ['Alles-of-niets: een mislukte lading laat de laag zoals hij was.', 'All or nothing: a failed load leaves the layer as it was.'],
  'load.layer': ['Laag', 'Layer'],
  'load.source': ['Bron', 'Source'],
  'load.sourceFile': ['Bestand', 'File'],
  'load.sourceOgc': ['OGC API - Features', 'OGC API - Features'],
  'load.file': ['Bestand (GeoPackage, GeoJSON)', 'File (GeoPackage, GeoJSON)'],
  'load.url': ['Adres van de OGC API', 'OGC API address'],
  'load.collection': ['Collectie', 'Collection'],
  'load.bbox': ['Begrenzing (minx,miny,maxx,maxy[,crs], optioneel)', 'Bounding box (minx,miny,maxx,maxy[,crs], optional)'],
  'load.preset': ['Preset (optioneel)', 'Preset (optional)'],
  'load.submit': ['Laden', 'Load'],
  'load.progress': ['Voortgang van het laden', 'Load progress'],
  'load.noFile': ['Kies eerst een bestand.', 'Choose a file first.'],
  'load.uploading': ['{name} wordt geladen…', 'Loading {name}…'],
  'load.running': ['Bezig: {features} objecten gelezen…', 'Running: {features} features read…'],
  'load.done': ['Klaar: {loaded} objecten in laag {layer}. Bereken het scenario opnieuw om ze mee te nemen.', 'Done: {loaded} features in layer {layer}. Run the scenario again to include them.'],
  'load.failed': ['Laden mislukt, er is niets veranderd: {message}', 'Load failed, nothing was changed: {message}'],
  'load.read': ['Gelezen', 'Read'],
  'load.loaded': ['Geladen', 'Loaded'],
  'load.repaired': ['Hersteld', 'Repaired'],
  'load.rejected': ['Afgewezen', 'Rejected'],
  'load.rejections': ['Afgewezen objecten', 'Rejected features'],
  'load.index': ['Nr. in bestand', 'No. in file'],
  'load.where': ['Op de kaart', 'On the map'],
  'load.locate': ['Tonen', 'Show'],
  'load.locate.aria': ['Afgewezen object {index} op de kaart tonen', 'Show rejected feature {index} on the map'],
  'load.noLocation': ['geen locatie (geen geometrie, of coördinaten buiten het bereik)', 'no location (no geometry, or coordinates out of range)'],
  'load.reason': ['Reden', 'Reason'],
  'tab.load': ['Laden', 'Load'],
  'preview.marker': ['Voorbeeld: de kaart toont de nieuwe gewichten; Berekenen slaat ze op en rekent door.', 'Preview: the map shows the new weights; Run saves them and computes.'],
  'preview.markerParams': ['Voorbeeld: de kaart toont de nieuwe gewichten; gewijzigde parameters tellen pas na Berekenen.', 'Preview: the map shows the new weights; changed parameters count only after Run.'],
  'preview.parcel': ['Voorbeeld met de nieuwe gewichten (nog niet berekend); de zin hieronder is van de laatste berekening.', 'Preview with the new weights (not yet computed); the sentence below is from the last run.'],
  'preview.nbh': ['Voorbeeld: gemiddelde score met de nieuwe gewichten (nog niet berekend).', 'Preview: mean score with the new weights (not yet computed).'],
  'signin.open': ['Aanmelden', 'Sign in'],
  'signin.heading': ['Aanmelden als editor', 'Sign in as an editor'],
  'signin.user': ['Gebruikersnaam', 'User name'],
  'signin.password': ['Wachtwoord', 'Password'],
  'signin.submit': ['Aanmelden', 'Sign in'],
  'signin.cancel': ['Annuleren', 'Cancel'],
  'signin.out': ['Afmelden ({user})', 'Sign out ({user})'],
  'signin.failed': ['Aanmelden mislukt: controleer naam en wachtwoord.', 'Sign-in failed: check name and password.'],
  'error.prefix': ['Fout', 'Error'],
  'error.dismiss': ['Melding sluiten', 'Dismiss message'],
  'error.network': ['De server is niet bereikbaar.', 'The server cannot be reached.'],
  'loading': ['Laden…', 'Loading…'],
  'unit.m2': ['m²', 'm²'],
  'unit.m': ['m', 'm'],
};

const LANGS = ['nl', 'en'];
const dict = Object.fromEntries(LANGS.map((l, i) =>
  [l, Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v[i]]))]));

let lang = 'nl';
const listeners = [];

export function currentLang() { return lang; }

export function t(key, vars = {}) {
  const s = dict[lang][key] ?? dict.nl[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? ''));
}

export function setLang(next) {
  lang = dict[next] ? next : 'nl';
  document.documentElement.lang = lang;
  applyI18n(document);
  listeners.forEach((fn) => fn(lang));
}

export function onLangChange(fn) { listeners.push(fn); }

// One Intl.NumberFormat per language and number of digits: toLocaleString with options builds a
// new formatter on every call, which made formatting the first view's tables and charts cost
// half a second.
const formats = new Map();

export function fmt(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  if (Math.abs(n) < 0.5 * 10 ** -digits) n = 0; // no "-0,0" from rounding noise
  const key = `${lang} ${digits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    formats.set(key, f);
  }
  return f.format(Number(n));
}

export function applyI18n(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n, varsOf(el)); });
  root.querySelectorAll('[data-i18n-aria]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nAria, varsOf(el))));
  root.querySelectorAll('[data-i18n-title]').forEach((el) => el.setAttribute('title', t(el.dataset.i18nTitle, varsOf(el))));
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder)));
  document.title = t('app.title');
}

function varsOf(el) {
  return el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : {};
}
