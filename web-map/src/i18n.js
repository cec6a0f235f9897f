// The page's own labels (UI chrome), Dutch first (planners work in Dutch), English as a switch.
// What the data means (layer titles, legends, criterion and parameter names, exclusion reasons)
// comes from the service's presentation source instead (presentation.js).
// Elements carry data-i18n (text), data-i18n-aria (aria-label), data-i18n-title (title) or
// data-i18n-placeholder; applyI18n() fills them, so a language switch needs no reload.

const dict = {
  nl: {
    'app.title': 'Infill – ruimte in de bestaande stad',
    'app.subtitle': 'Herontwikkelingspotentieel per perceel',
    'lang.switch': 'English',
    'lang.switch.aria': 'Switch to English',
    'scenario.label': 'Scenario',
    'scenario.none': 'Nog geen scenario’s: start een analyse (editor) of laad de voorbeeldstad.',
    'scenario.noResults': 'Dit scenario heeft nog geen resultaten; start een berekening.',
    'tabs.aria': 'Panelen',
    'tab.layers': 'Lagen',
    'tab.scenario': 'Scenario',
    'tab.selection': 'Selectie',
    'tab.neighbourhoods': 'Buurten',
    'layers.heading': 'Kaartlagen',
    'layers.opacity': 'Dekking van {name}',
    'layers.toggle': '{name} tonen',
    'layers.unavailable': 'niet beschikbaar',
    'basemap.label': 'Achtergrondkaart',
    'basemap.off': 'Geen achtergrondkaart ingesteld',
    'parcel.heading': 'Perceel {id}',
    'parcel.close': 'Perceelpaneel sluiten',
    'parcel.area': 'Oppervlakte',
    'parcel.existing': 'Bestaand vloeroppervlak',
    'parcel.allowed': 'Toegestaan vloeroppervlak',
    'parcel.capacity': 'Capaciteit',
    'parcel.dwellings': 'Extra woningen',
    'parcel.score': 'Score',
    'parcel.class': 'Klasse',
    'parcel.chart': 'Bijdrage per criterium',
    'parcel.chart.aria': 'Staafdiagram: bijdrage van elk criterium aan de score',
    'parcel.contribution': 'Bijdrage',
    'parcel.excluded': 'Uitgesloten: {reason}',
    'parcel.noZoning': 'geen bestemmingsplan',
    'parcel.heightUnknown': 'onbekend (hoogte niet op de kaart)',
    'parcel.zoning': 'Regels van het bestemmingsplan',
    'parcel.criterion': 'Criterium', 'parcel.raw': 'Waarde', 'parcel.weight': 'Gewicht',
    'scenario.heading': 'Weging en parameters',
    'scenario.weights': 'Gewichten',
    'scenario.params': 'Parameters',
    'scenario.run': 'Berekenen',
    'scenario.running': 'Bezig: {stage} ({percent}%)',
    'scenario.done': 'Klaar: kaart bijgewerkt (versie {version}).',
    'scenario.failed': 'Berekening mislukt: {error}',
    'scenario.progress': 'Voortgang van de berekening',
    'scenario.saveName': 'Naam nieuw scenario',
    'scenario.save': 'Opslaan als scenario',
    'scenario.saved': 'Scenario “{name}” opgeslagen.',
    'scenario.needSignIn': 'Meld u aan als editor om te berekenen of op te slaan.',
    'compare.heading': 'Scenario’s vergelijken',
    'compare.a': 'Scenario A', 'compare.b': 'Scenario B',
    'compare.run': 'Vergelijken',
    'compare.map': 'Verschil op de kaart tonen (groen: hogere klasse, rood: lagere)',
    'compare.neighbourhood': 'Buurt',
    'compare.delta': 'Verschil',
    'compare.none': 'Kies twee verschillende scenario’s.',
    'compare.caption': 'Verschil per buurt (B min A)',
    'compare.fig.capacity': 'capaciteit (m²)', 'compare.fig.dwellings': 'woningen', 'compare.fig.meanScore': 'gem. score', 'compare.fig.ageingFit': 'geschiktheid ouderen',
    'compare.parcelsChanged': 'Percelen met andere klasse: {n}',
    'selection.heading': 'Gebied kiezen',
    'selection.draw': 'Polygoon tekenen',
    'selection.drawHint': 'Klik punten op de kaart; klik op het eerste punt om te sluiten.',
    'selection.pick': 'Of kies een buurt',
    'selection.pickNone': '— buurt —',
    'selection.clear': 'Selectie wissen',
    'selection.summary': 'Samenvatting',
    'selection.parcels': 'Percelen',
    'selection.capacity': 'Capaciteit (m²)',
    'selection.dwellings': 'Extra woningen',
    'selection.meanScore': 'Gemiddelde score',
    'selection.perClass': 'Percelen per klasse',
    'selection.export': 'Exporteren',
    'selection.format': 'Bestandsformaat',
    'selection.empty': 'Nog geen gebied gekozen.',
    'nbh.heading': 'Buurten met de ouderenlens',
    'nbh.caption': 'Buurten, sorteerbaar; klik op een kolomkop.',
    'nbh.name': 'Buurt', 'nbh.pop65': '65+ (%)', 'nbh.parcels': 'Percelen', 'nbh.capacity': 'Capaciteit (m²)',
    'nbh.dwellings': 'Woningen', 'nbh.meanScore': 'Gem. score', 'nbh.fit': 'Ouderen-fit',
    'nbh.sortBy': 'Sorteren op {col}',
    'nbh.empty': 'Geen buurtresultaten voor dit scenario.',
    'signin.open': 'Aanmelden',
    'signin.heading': 'Aanmelden als editor',
    'signin.user': 'Gebruikersnaam', 'signin.password': 'Wachtwoord',
    'signin.submit': 'Aanmelden', 'signin.cancel': 'Annuleren',
    'signin.out': 'Afmelden ({user})',
    'signin.failed': 'Aanmelden mislukt: controleer naam en wachtwoord.',
    'error.prefix': 'Fout',
    'error.dismiss': 'Melding sluiten',
    'error.network': 'De server is niet bereikbaar.',
    'loading': 'Laden…',
    'unit.m2': 'm²', 'unit.m': 'm',
  },
  en: {
    'app.title': 'Infill – room in the existing city',
    'app.subtitle': 'Redevelopment potential per parcel',
    'lang.switch': 'Nederlands',
    'lang.switch.aria': 'Overschakelen naar Nederlands',
    'scenario.label': 'Scenario',
    'scenario.none': 'No scenarios yet: start an analysis (editor) or load the sample city.',
    'scenario.noResults': 'This scenario has no results yet; start a run.',
    'tabs.aria': 'Panels',
    'tab.layers': 'Layers',
    'tab.scenario': 'Scenario',
    'tab.selection': 'Selection',
    'tab.neighbourhoods': 'Neighbourhoods',
    'layers.heading': 'Map layers',
    'layers.opacity': 'Opacity of {name}',
    'layers.toggle': 'Show {name}',
    'layers.unavailable': 'not available',
    'basemap.label': 'Basemap',
    'basemap.off': 'No basemap configured',
    'parcel.heading': 'Parcel {id}',
    'parcel.close': 'Close parcel panel',
    'parcel.area': 'Area',
    'parcel.existing': 'Existing floor area',
    'parcel.allowed': 'Allowed floor area',
    'parcel.capacity': 'Capacity',
    'parcel.dwellings': 'Extra dwellings',
    'parcel.score': 'Score',
    'parcel.class': 'Class',
    'parcel.chart': 'Contribution per criterion',
    'parcel.chart.aria': 'Bar chart: contribution of each criterion to the score',
    'parcel.contribution': 'Contribution',
    'parcel.excluded': 'Excluded: {reason}',
    'parcel.noZoning': 'no zoning plan',
    'parcel.heightUnknown': 'unknown (height not on the map)',
    'parcel.zoning': 'Zoning rules',
    'parcel.criterion': 'Criterion', 'parcel.raw': 'Value', 'parcel.weight': 'Weight',
    'scenario.heading': 'Weights and parameters',
    'scenario.weights': 'Weights',
    'scenario.params': 'Parameters',
    'scenario.run': 'Run',
    'scenario.running': 'Running: {stage} ({percent}%)',
    'scenario.done': 'Done: map refreshed (version {version}).',
    'scenario.failed': 'Run failed: {error}',
    'scenario.progress': 'Run progress',
    'scenario.saveName': 'Name of the new scenario',
    'scenario.save': 'Save as scenario',
    'scenario.saved': 'Scenario “{name}” saved.',
    'scenario.needSignIn': 'Sign in as an editor to run or save.',
    'compare.heading': 'Compare scenarios',
    'compare.a': 'Scenario A', 'compare.b': 'Scenario B',
    'compare.run': 'Compare',
    'compare.map': 'Show difference on the map (green: higher class, red: lower)',
    'compare.neighbourhood': 'Neighbourhood',
    'compare.delta': 'Difference',
    'compare.none': 'Choose two different scenarios.',
    'compare.caption': 'Difference per neighbourhood (B minus A)',
    'compare.fig.capacity': 'capacity (m²)', 'compare.fig.dwellings': 'dwellings', 'compare.fig.meanScore': 'mean score', 'compare.fig.ageingFit': 'ageing fit',
    'compare.parcelsChanged': 'Parcels with another class: {n}',
    'selection.heading': 'Choose an area',
    'selection.draw': 'Draw a polygon',
    'selection.drawHint': 'Click points on the map; click the first point to close.',
    'selection.pick': 'Or pick a neighbourhood',
    'selection.pickNone': '— neighbourhood —',
    'selection.clear': 'Clear selection',
    'selection.summary': 'Summary',
    'selection.parcels': 'Parcels',
    'selection.capacity': 'Capacity (m²)',
    'selection.dwellings': 'Extra dwellings',
    'selection.meanScore': 'Mean score',
    'selection.perClass': 'Parcels per class',
    'selection.export': 'Export',
    'selection.format': 'File format',
    'selection.empty': 'No area chosen yet.',
    'nbh.heading': 'Neighbourhoods through the ageing lens',
    'nbh.caption': 'Neighbourhoods, sortable; click a column header.',
    'nbh.name': 'Neighbourhood', 'nbh.pop65': '65+ (%)', 'nbh.parcels': 'Parcels', 'nbh.capacity': 'Capacity (m²)',
    'nbh.dwellings': 'Dwellings', 'nbh.meanScore': 'Mean score', 'nbh.fit': 'Ageing fit',
    'nbh.sortBy': 'Sort by {col}',
    'nbh.empty': 'No neighbourhood results for this scenario.',
    'signin.open': 'Sign in',
    'signin.heading': 'Sign in as an editor',
    'signin.user': 'User name', 'signin.password': 'Password',
    'signin.submit': 'Sign in', 'signin.cancel': 'Cancel',
    'signin.out': 'Sign out ({user})',
    'signin.failed': 'Sign-in failed: check name and password.',
    'error.prefix': 'Error',
    'error.dismiss': 'Dismiss message',
    'error.network': 'The server cannot be reached.',
    'loading': 'Loading…',
    'unit.m2': 'm²', 'unit.m': 'm',
  },
};

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

export function fmt(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  if (Math.abs(n) < 0.5 * 10 ** -digits) n = 0; // no "-0,0" from rounding noise
  return Number(n).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB',
    { maximumFractionDigits: digits, minimumFractionDigits: digits });
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
