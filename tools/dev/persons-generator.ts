/**
 * Synthetic persons register for demos and benchmarks (issue 5): realistic Belgian and foreign
 * names (accents, particles, compound names), birth dates, sex, nationality, birth place and
 * addresses; valid NISS numbers for Belgians and BIS numbers for the others (libs/domain helpers),
 * unique. Rows are marked `synthetic = true`; the generator is deterministic per row index (the
 * index is the seed), and `ensure` tops the synthetic rows up to a count (the demo seed calls it;
 * nothing happens when enough exist).
 *
 * Surnames follow the shape of a real register rather than a short list: each origin (Flemish,
 * Walloon, German-speaking, Dutch, French, Moroccan, Turkish, Polish, Romanian, Italian, Iberian,
 * Congolese, West African, Ukrainian, Greek, Levantine, Vietnamese, …) has a Zipf-like rank
 * distribution, P(rank) ∝ 1 / (rank + head), over tens of thousands of names. The first ranks are
 * the origin's real frequent names (Peeters, Dubois, Yılmaz, Nowak …); the others are composed
 * from that origin's particles, roots, syllables and endings, with its spelling variants (Declercq,
 * De Clercq, Declerck …) and, where the language has them, feminine forms (Kowalska, Papadopoulou,
 * Shevchenko/Ivanova). So frequent names stay frequent (Peeters ≈ 0.2 % of the register) while a
 * million persons carry well over a hundred thousand distinct surnames, as in Belgium (≈ 190,000
 * surnames for 11.7 million people). A few origins (West African, Vietnamese) really have few
 * surnames, and keep them.
 *
 *   npm run persons:generate -- --count 10000 [--database-url postgres://…] [--ensure]
 */
import { makeBisNumber, personNameKeys } from '../../libs/domain/src';
import { Client } from 'pg';
import { loadLocalEnv } from '../local-env';

// --- Randomness --------------------------------------------------------------------------------

/** mulberry32: a small deterministic PRNG, one stream per row index. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: a stable seed per origin. */
function hashString(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

type Random = () => number;
const pick = <T>(rnd: Random, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/**
 * A rank 1..size drawn with P(rank) ∝ 1 / (rank + head) (Zipf, exponent 1, flattened head), by
 * inverting the continuous CDF: rank + head = head · ((size + head) / head)^u.
 */
export function zipfRank(u: number, size: number, head: number): number {
  const rank = Math.floor(head * Math.pow((size + head) / head, u) - head) + 1;
  return Math.min(size, Math.max(1, rank));
}

/** A list entry, frequent ones first (a gentle Zipf over the list: given names, foreign nationalities' places). */
const pickFrequent = <T>(rnd: Random, list: readonly T[], head = 3): T => list[zipfRank(rnd(), list.length, head) - 1]!;

/** Weighted choice among `[value, weight]` pairs. */
function pickWeighted<T>(rnd: Random, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let u = rnd() * total;
  for (const [value, weight] of table) {
    if ((u -= weight) < 0) return value;
  }
  return table[table.length - 1]![0];
}

/** "a, b, c" → ['a', 'b', 'c'] (entries may hold spaces: "Van den Broeck"; an empty entry is a choice too: ", , De" = no prefix twice as often as "De"). */
const list = (text: string): readonly string[] => text.split(',').map((entry) => entry.trim());


// --- Surname origins ---------------------------------------------------------------------------

type Origin =
  | 'flemish' | 'walloon' | 'german' | 'dutch' | 'french' | 'moroccan' | 'levantine' | 'turkish' | 'polish' | 'romanian'
  | 'italian' | 'iberian' | 'congolese' | 'westAfrican' | 'ukrainian' | 'greek' | 'vietnamese' | 'other';

interface OriginModel {
  /** Real frequent surnames, most frequent first: ranks 1..n. */
  common: readonly string[];
  /** Distinct ranks of the origin (the Zipf support); ranks past `common` are composed. Default: `common` only. */
  size?: number;
  /** Flattening of the head of the distribution: P(rank) ∝ 1 / (rank + head). */
  head: number;
  /** Builds the (masculine) surname of a composed rank from that rank's own random stream. */
  compose?: (rnd: Random) => string;
  /** The feminine form, for languages that have one (Polish -ska, Greek -opoulou, Ukrainian -ova). */
  feminine?: (surname: string) => string;
  given: { M: readonly string[]; F: readonly string[] };
}

/** Applies each `[from, to]` spelling variant to its first occurrence with probability `p`. */
function respell(rnd: Random, name: string, variants: readonly (readonly [RegExp, string])[], p = 0.3): string {
  let out = name;
  for (const [from, to] of variants) if (from.test(out) && rnd() < p) out = out.replace(from, to);
  return out;
}

/** One syllable stem from onset, vowel and coda inventories ("Kr" + "ae" + "ck"). */
const syllable = (rnd: Random, onsets: readonly string[], vowels: readonly string[], codas: readonly string[]) => pick(rnd, onsets) + pick(rnd, vowels) + pick(rnd, codas);

/** A root half the time from the real ones, otherwise a syllable stem of the same language. */
const root = (rnd: Random, real: readonly string[], stem: () => string) => (rnd() < 0.5 ? pick(rnd, real) : stem());

// Flemish ---------------------------------------------------------------------------------------
const FL_ONSET = list('B, Bl, Br, D, Dr, G, Gr, H, K, Kl, Kn, Kr, L, M, N, P, Pr, R, S, Sch, Schr, Sl, Sm, Sn, St, Str, T, Tr, V, Vl, W, Wr, Z, C, Cl, Cr');
const FL_VOWEL = list('a, aa, ae, e, ee, ei, ey, i, ie, ij, y, o, oo, oe, ou, u, uy, eu, ui, au');
const FL_CODA = list('ck, k, l, ll, m, mm, n, nn, ng, r, rt, rs, s, t, ts, rd, nd, ld, lt, p, ps, ns, ls, rk, rck, cht, f, ff');
const FL_PATRONYM = list('Peet, Jans, Wout, Goos, Mert, Will, Claes, Hendr, Lamb, Gijs, Gys, Geer, Rutt, Lenaert, Baet, Ceul, Colp, Copp, Dierick, Boud, Wyn, Lemm, Meul, Nijs, Roel, Romm, Stev, Thys, Verb, Vleg, Wag, Wyck, Bruyn, Hoeck, Lauw, Mich, Pauw, Aert, Beck, Bosm, Deck, Drie, Duyck, Engel, Gees, Goet, Govaer, Haes, Heyl, Jacq, Kerck, Laer, Loos, Maer, Mols, Ooms, Paes, Reyn, Roos, Snoeck, Staes, Tack, Timm, Wuyt, Wilm, Smoll, Bogaer, Mees, Gorr, Joos');
const FL_PATRONYM_END = list('ers, ens, s, sens, mans, aert, aerts, eels, ickx, kens, elen, ems, ijns, ynck, aets, ert, en, ier, oot, eel, elinck, ckx, ssen, ys, ants, eyns, ems');
const FL_PLACE_A = list('Nieuwen, Over, Onder, Steen, Eeck, Cauwen, Ter, Hout, Bossch, Ber, Hoog, Laag, Oost, West, Noord, Zuid, Groot, Klein, Brug, Dender, Moer, Lede, Ghel, Hulst, Lan, Lier, Roos, Wes, Mal, Meer, Kor, Gav, Hamm, Wetter, Asse, Aal, Lok, Zel, Rum, Oude, Haes, Wil');
const FL_PLACE_B = list('berghe, hove, hout, beke, kerke, velde, hulle, huyse, meire, dycke, weghe, gem, eghem, acker, broeck, bosch, daele, hoecke, lo, laere, walle, kiste, rode, donck, dijck, linden, poele, straete, meersch, molen, mere, sande, steen, heede, wiele');
const FL_PLACE = list('Damme, Acker, Hoof, Loo, Gysel, Hecke, Belle, Geel, Oost, Parys, Impe, Tieghem, Mechelen, Lierde, Rompuy, Rossem, Hove, Laere, Bossche, Velde, Broeck, Berghe, Walle, Wiele, Elst, Linden, Meulen, Dyck, Looy, Eeckhout, Hoecke, Landeghem, Overmeire, Hulle, Steenkiste');
const FL_TOPONYM_PARTICLE = list('Van, Van, Van, Van de, Van den, Van der, Van den, Vande, Vanden, Vander, Ver, Ver');
const FL_TRADE = list('Smet, Smedt, Vos, Wolf, Backer, Bakker, Cock, Meyer, Keyser, Bruyn, Clercq, Groote, Witte, Ridder, Graeve, Schepper, Wilde, Coninck, Brabander, Vlaminck, Baets, Beul, Block, Boeck, Bie, Bock, Brouwer, Buck, Caluwe, Clerck, Craene, Decker, Doncker, Geest, Gendt, Greef, Haene, Hertogh, Jonghe, Kimpe, Langhe, Leeuw, Loore, Maere, Meester, Moor, Muynck, Neve, Paepe, Pauw, Pril, Rycke, Schrijver, Sutter, Vleeschouwer, Waele, Wever, Winter, Wulf, Brandt, Busschere, Cuyper, Hondt, Mey, Raedt, Roeck, Schutter, Spiegeleer, Temmerman, Veirman, Visscher');
const FL_TRADE_END = list('e, er, ere, el, aere');
const FL_PLAIN_END = list('e, el, aert, ijn, ens, s, er, ier');
const FL_SPELLING: readonly (readonly [RegExp, string])[] = [[/ae/, 'aa'], [/ck/, 'k'], [/y/, 'ij'], [/ij/, 'y'], [/cq$/, 'ck'], [/ts$/, 'tz'], [/ss/, 's'], [/^C/, 'K'], [/dt$/, 't'], [/x$/, 'cx'], [/ie/, 'ye']];
/** Ver + place glued ("Verhoeven"); Van + place with or without a space ("Van den Bossche", "Vandenbossche"). */
const gluedOrSpaced = (particle: string, place: string) => (/^(Vande|Vanden|Vander|Ver)$/.test(particle) ? particle + place.toLowerCase() : `${particle} ${place}`);
const flemishStem = (rnd: Random) => syllable(rnd, FL_ONSET, FL_VOWEL, FL_CODA);
function flemish(rnd: Random): string {
  const k = rnd();
  let name: string;
  if (k < 0.32) name = root(rnd, FL_PATRONYM, () => flemishStem(rnd)) + pick(rnd, FL_PATRONYM_END);
  else if (k < 0.62) {
    const place = rnd() < 0.3 ? pick(rnd, FL_PLACE) : rnd() < 0.5 ? pick(rnd, FL_PLACE_A) + pick(rnd, FL_PLACE_B) : flemishStem(rnd) + pick(rnd, FL_PLACE_B);
    name = gluedOrSpaced(pick(rnd, FL_TOPONYM_PARTICLE), place);
  } else if (k < 0.84) {
    const trade = rnd() < 0.6 ? pick(rnd, FL_TRADE) : flemishStem(rnd) + pick(rnd, FL_TRADE_END);
    // D'Hondt, D'Haene: the elided article before a vowel or an h.
    name = rnd() < 0.55 ? `De ${trade}` : rnd() < 0.8 || !/^[AEIOUH]/.test(trade) ? `De${trade.toLowerCase()}` : `D'${trade}`;
  } else name = flemishStem(rnd) + pick(rnd, FL_PLAIN_END);
  return respell(rnd, name, FL_SPELLING);
}

// Walloon and French ----------------------------------------------------------------------------
const FR_ONSET = list('B, Bl, Br, C, Ch, Cl, Cr, D, F, Fr, G, Gr, H, J, L, M, N, P, Pl, Pr, R, S, T, Th, V, W, Gu, Qu');
const FR_VOWEL = list('a, e, é, i, o, ou, au, eau, ai, oi, ie, u, è, ô');
const FR_CODA = list(', l, ll, n, r, rr, s, t, c, rn, rt, rd, nd, m, ss');
const FR_ROOT = list('Lamb, Dub, Ren, Hen, Coll, Gob, Thir, Mich, Dum, Laur, Mar, Pir, Gill, Mass, Jacqu, Hubl, Lecl, Bod, Mart, Gér, Berth, Rich, Lef, Mor, Four, Gir, Bonn, Font, Rouss, Gaut, Chev, Barb, Marc, Guill, Perr, Mathi, Bern, Pet, Rob, Duch, Mall, Goff, Franç, Charl, Dem, Renaul, Wauth, Warn, Gosl, Hanq, Lhomm, Mathy, Noir, Delc, Delf, Marl');
const FR_END = list('ard, ert, ier, ois, ot, et, in, on, aux, eau, ay, ée, y, ez, ant, el, elle, quet, lot, mont, champ, val, gnon, ais, ieux, oux, enne, é, aint, ès, otte, iaux, iot, art');
const FR_PREFIX = list(', , , , , , , , , , , , De, Del, Des, Du, Le, La, de la, Lh, De la');
const FR_SPELLING: readonly (readonly [RegExp, string])[] = [[/é/, 'e'], [/ay$/, 'ey'], [/ez$/, 'é'], [/eau$/, 'eaux'], [/aux$/, 'eaux'], [/ier$/, 'ié'], [/y$/, 'ie'], [/ou/, 'oo'], [/art$/, 'aert']];
const frenchStem = (rnd: Random) => syllable(rnd, FR_ONSET, FR_VOWEL, FR_CODA);
function walloon(rnd: Random): string {
  const base = root(rnd, FR_ROOT, () => frenchStem(rnd)) + pick(rnd, FR_END);
  const prefix = pick(rnd, FR_PREFIX);
  // "Lhoest", "Lhomme": the elided article only before a vowel.
  const name = prefix === '' || (prefix === 'Lh' && !/^[AEIOUÉH]/.test(base)) ? base : /^(Del|Des|Du|Lh)$/.test(prefix) ? prefix + base.toLowerCase() : `${prefix} ${base}`;
  return respell(rnd, name, FR_SPELLING, 0.2);
}

// German-speaking -------------------------------------------------------------------------------
const DE_ONSET = list('B, Br, D, F, G, Gr, H, K, Kl, Kr, L, M, N, P, R, S, Sch, Schw, St, T, W, Pf, Z');
const DE_VOWEL = list('a, ä, e, ei, ie, i, o, ö, u, ü, au, eu');
const DE_CODA = list('ch, ck, f, ff, g, k, l, ll, m, mm, n, nn, r, rt, s, ß, tz, nk, ng, ld, lz, rg, rn, ls');
const DE_END = list('er, mann, en, s, ert, ke, ler, ner, inger, hoff, bach, berg, stein, feld, hausen, ing, el, ling, haus, dorf, ecker, es, ens, kens, gen');
const germanStem = (rnd: Random) => syllable(rnd, DE_ONSET, DE_VOWEL, DE_CODA);
function german(rnd: Random): string {
  const name = germanStem(rnd) + pick(rnd, DE_END);
  return rnd() < 0.03 ? `von ${name}` : respell(rnd, name, [[/ä/, 'ae'], [/ü/, 'ue'], [/ö/, 'oe'], [/ß/, 'ss'], [/tz/, 'z']], 0.12);
}

// Dutch (the Netherlands: particles in lower case) --------------------------------------------
function dutch(rnd: Random): string {
  const name = flemish(rnd).replace(/ae/g, 'aa').replace(/ck/g, 'k').replace(/y/g, 'ij');
  return name.replace(/^(Van der|Van den|Van de|Van|De) /, (particle) => particle.toLowerCase());
}

// Moroccan and Levantine ------------------------------------------------------------------------
const AR_ONSET = list('B, D, F, H, K, Kh, L, M, N, Q, R, S, Ch, T, Z, Dj, Gh, Y, W, A, Ou, Ha, Ma, Ta');
const AR_VOWEL = list('a, ou, i, e, aa, ai');
const AR_CODA = list('d, dd, j, k, l, ll, m, n, r, s, ch, t, z, b, h, zz, rr, kh, bb');
const AR_END = list('ani, ali, aoui, ouchi, ari, idi, iri, ati, a, i, ouni, abi, ami, ach, out, ine, ane, ou, aoui, ioui, ssi, lali');
/** Prefixes of Moroccan surnames; `+` marks one written glued to the name ("Benali", "Boukhari"). */
const MA_PREFIX = list(', , , , El, El, Ben+, Ben, Bou+, Ait, Al, Ould, Ouled, Abou, Moulay');
const MA_SPELLING: readonly (readonly [RegExp, string])[] = [[/ou/, 'u'], [/ch/, 'sh'], [/k/, 'q'], [/dd/, 'd'], [/ll/, 'l'], [/aoui$/, 'awi'], [/^El /, 'El-'], [/^El /, 'Al '], [/^Ben /, 'Ben-']];
const arabicStem = (rnd: Random) => syllable(rnd, AR_ONSET, AR_VOWEL, AR_CODA);
function moroccan(rnd: Random): string {
  const base = arabicStem(rnd) + pick(rnd, AR_END);
  const prefix = pick(rnd, MA_PREFIX);
  const name = prefix === '' ? base : prefix.endsWith('+') ? prefix.slice(0, -1) + base.toLowerCase() : `${prefix} ${base}`;
  return respell(rnd, name, MA_SPELLING, 0.2);
}
const LV_END = list('i, a, an, ani, awi, ou, eh');
const LV_PREFIX = list('Al, Al-, Al, , , Abu, El');
const LV_ROOT = list('Hassan, Ahmad, Khalil, Haddad, Nasser, Darwish, Hamdan, Shami, Halabi, Ibrahim, Masri, Khoury, Saleh, Qassem, Omar, Yousef, Rahman, Jaber, Zein, Sabbagh, Aziz, Hamwi, Homsi, Kurdi, Issa, Mansour, Najjar, Atassi, Hariri, Kabbani');
function levantine(rnd: Random): string {
  const base = root(rnd, LV_ROOT, () => arabicStem(rnd) + pick(rnd, LV_END));
  const prefix = pick(rnd, LV_PREFIX);
  return prefix === '' ? base : prefix.endsWith('-') ? prefix + base : `${prefix} ${base}`;
}

// Turkish ---------------------------------------------------------------------------------------
const TR_FIRST = list('Ak, Al, Ar, Ay, Bal, Bay, Bil, Bozk, Can, Çak, Çel, Demir, Doğ, Er, Gök, Gül, Gün, Kara, Kay, Kılı, Koç, Kurt, Öz, Şah, Şen, Tek, Tun, Uz, Yıl, Yüc, Yıld, Aks, Atal, Tur, Sar, Kor, Bulu, Cey, Ekş, Esen, Kaya, Polat, Ünal, Ağ, Bağ, Çiç, Dur, Eroğ, Gür, Işık, Kahr, Kılıç, Oğuz, Ört, Sev, Soy, Taş, Top, Ulu, Yal, Yaz');
const TR_SECOND = list('maz, türk, can, dağ, oğlu, taş, kaya, er, han, soy, yol, el, men, demir, çelik, ay, göz, yurt, ok, in, an, ıl, kan, gün, dal, bay, baş, sel, koç, ak, tekin, doğan, aslan, yıldız, pınar, ırmak, ören, tepe, kurt, ekin, öz, türkmen, ıcı, ası');
function turkish(rnd: Random): string {
  const name = pick(rnd, TR_FIRST) + pick(rnd, TR_SECOND);
  const joined = rnd() < 0.12 ? `${name}oğlu` : name;
  // A register fed by documents also holds the names without Turkish letters.
  return rnd() < 0.15 ? joined.replace(/ı/g, 'i').replace(/ş/g, 's').replace(/ğ/g, 'g').replace(/ç/g, 'c').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/Ş/g, 'S').replace(/Ç/g, 'C').replace(/Ö/g, 'O').replace(/Ü/g, 'U') : joined;
}

// Polish ----------------------------------------------------------------------------------------
const PL_ONSET = list('B, Ch, Cz, D, Dz, G, Gr, J, K, Kr, Kw, L, Ł, M, N, P, Pr, R, S, Sz, Ś, St, T, W, Wr, Z, Ż, Br, Gł, Sk');
const PL_VOWEL = list('a, e, i, o, u, ó, y, ą, ę, ie, ia');
const PL_CODA = list(', b, ch, cz, k, l, ł, m, n, r, s, sz, w, ws, rz, ń, d, ć');
const PL_ROOT = list('Kowal, Nowak, Wiśniew, Wójc, Kamiń, Lewandow, Zieliń, Szymań, Woźni, Dąbrow, Kozłow, Jankow, Mazur, Krawc, Piotrow, Grabow, Pawłow, Michal, Król, Wieczor, Jabłoń, Wróbl, Nowic, Majew, Olszew, Stępień, Jawor, Malin, Adam, Dud, Zając, Górs, Rutkow, Sikor, Baran, Kubi, Kaczmar, Czarn, Sobczak, Kaczor');
const PL_END = list('owski, ewski, ski, cki, dzki, ak, ek, ik, czyk, czak, owicz, ewicz, iak, uk, ec, ała, a, ński');
const polishStem = (rnd: Random) => syllable(rnd, PL_ONSET, PL_VOWEL, PL_CODA);
const polish = (rnd: Random) => root(rnd, PL_ROOT, () => polishStem(rnd)) + pick(rnd, PL_END);
const polishFeminine = (name: string) => name.replace(/(sk|ck|dzk|ńsk)i$/, '$1a');

// Romanian --------------------------------------------------------------------------------------
const RO_ONSET = list('B, C, Ch, D, F, G, Gh, I, L, M, N, P, R, S, Ș, St, T, Ț, V, Z, Br, Cr, Dr, Fl');
const RO_VOWEL = list('a, ă, e, i, o, u, â, ea, ia, oa');
const RO_CODA = list(', c, l, n, r, s, t, nd, rc, sc, ș, m');
const RO_ROOT = list('Pop, Ion, Georgi, Stoi, Dumitr, Constantin, Stan, Rad, Munt, Olt, Dobr, Neag, Tănas, Ștef, Vasil, Mihăil, Marin, Lup, Cristi, Nistor, Mat, Diacon, Pav, Sand, Tom, Barb, Pred, Moldov, Ardel, Bucur, Dragom, Zamfir, Grigor, Cozm, Manol');
const RO_END = list('escu, eanu, aru, ache, oiu, ea, an, ici, cu, uț, ariu, ilă, aș, ean, ovici, ar, u, escu, escu, eanu');
const romanianStem = (rnd: Random) => syllable(rnd, RO_ONSET, RO_VOWEL, RO_CODA);
function romanian(rnd: Random): string {
  const name = root(rnd, RO_ROOT, () => romanianStem(rnd)) + pick(rnd, RO_END);
  // Documents write ș/ț with a cedilla (ş/ţ) as often as with a comma, or without a mark.
  return respell(rnd, name, [[/ș/g, 'ş'], [/ț/g, 'ţ'], [/ă/g, 'a']], 0.25);
}

// Italian ---------------------------------------------------------------------------------------
const IT_ONSET = list('B, C, Ch, D, F, G, Gh, L, M, N, P, R, S, Sp, St, T, V, Z, Sc, Tr, Br, Fr, Gr, Pr, Cr, Gu');
const IT_VOWEL = list('a, e, i, o, u, ia, ie, uo, au');
const IT_CODA = list(', l, ll, n, nn, r, rr, s, ss, t, tt, c, cc, g, gg, z, zz, nz, rd, rt, nt, sc, mb');
const IT_ROOT = list('Ross, Bianch, Russ, Ferr, Espos, Roman, Colomb, Ricc, Marin, Grec, Brun, Gall, Cont, Mancin, Cost, Giordan, Rizz, Lombard, Morett, Barbier, Fontan, Santor, Mariott, Rinald, Carus, Ferrar, Pellegr, Palumb, Fabbr, Vital, Messin, Amat, Cattan, Orland, Paris, Sartor, Leon, Long, Gentil, Serr, Mazz, Gatt, Pagan, Vill, Donat, Bell, Pir, March, Ner, Test, Grass, Cusuman, Pizz, Scal, Gangi');
const IT_END = list('i, o, a, elli, etti, ini, ucci, ano, one, ato, esi, ardi, ello, etto, ino, uzzi, otti, acci, oni, ieri, ante, i, o');
const IT_PREFIX = list(', , , , , , , , , De, Di, Lo, La, D\', Del, Li, Dell\'');
const italianStem = (rnd: Random) => syllable(rnd, IT_ONSET, IT_VOWEL, IT_CODA);
function italian(rnd: Random): string {
  const base = root(rnd, IT_ROOT, () => italianStem(rnd)) + pick(rnd, IT_END);
  const prefix = pick(rnd, IT_PREFIX);
  if (prefix === '') return base;
  // D'Angelo, Dell'Acqua: the elided article only before a vowel.
  if (prefix.endsWith("'")) return /^[AEIOU]/.test(base) ? prefix + base : `Di ${base}`;
  return `${prefix} ${base}`;
}

// Spanish and Portuguese ------------------------------------------------------------------------
const IB_PATRONYM = list('Fernánd, Gonzál, Rodrígu, Hernánd, Martín, Sánch, Domíngu, Velázqu, Núñ, Álvar, Benít, Jimén, Lóp, Pér, Góm, Díaz, Suár, Ramír, Gutiérr, Alvar, Vásqu, Báez, Ordóñ, Ibáñ, Peláez');
const IB_PLAIN = list('Castillo, Navarro, Torres, Delgado, Ortega, Medina, Vargas, Cortés, Herrera, Campos, Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Martins, Sousa, Gomes, Marques, Alves, Almeida, Ribeiro, Pinto, Carvalho, Teixeira, Moreira, Correia, Moreno, Romero, Serrano, Molina, Morales, Blanco, Castro, Rubio, Iglesias, Garrido, Cabrera, Vidal, Rocha, Mendes, Nunes, Lima, Barbosa, Cardoso, Azevedo, Machado, Fonseca, Vieira');
const IB_PARTICLE = list('dos, da, de, de la, del');
const IB_ONSET = list('B, C, Ch, D, F, G, J, L, Ll, M, N, P, R, S, T, V, Br, Cr, Gr, Pl');
const IB_VOWEL = list('a, e, i, o, u, ue, ie, ei, ou, á, é, ó');
const IB_CODA = list(', l, n, r, rr, s, t, d, nd, nt, lv, rg');
const IB_END = list('ez, es, eira, ado, edo, ales, ares, ero, ino, illo, ón, ano, ida, ejo, uela, ão, inho, ães');
function iberianOne(rnd: Random): string {
  const k = rnd();
  if (k < 0.3) return pick(rnd, IB_PATRONYM) + (rnd() < 0.8 ? 'ez' : 'es');
  if (k < 0.6) return pick(rnd, IB_PLAIN);
  return syllable(rnd, IB_ONSET, IB_VOWEL, IB_CODA) + pick(rnd, IB_END);
}
function iberian(rnd: Random): string {
  const first = iberianOne(rnd);
  const k = rnd();
  // Two surnames (Spanish, Portuguese), sometimes joined by a particle.
  if (k < 0.45) return `${first} ${iberianOne(rnd)}`;
  if (k < 0.55) return `${pick(rnd, IB_PARTICLE)} ${first}`;
  return first;
}

// Congolese -------------------------------------------------------------------------------------
const CD_START = list('Ka, Ki, Ku, Ma, Mu, Mba, Mbu, Lu, Ilu, Ngo, Nku, Tshi, Tsha, Bo, Ba, Be, Mwa, Nda, Kaso, Mpo, Nsi, Ngi, Mi, Lo, Ma, Ka, Mu, Tshi');
const CD_SYLLABLE = list('ba, be, bi, bo, bu, da, di, ka, ke, ki, ko, ku, la, le, li, lo, lu, ma, mbo, mba, mbe, mbu, na, nda, nde, ndu, nga, ngo, ngu, nza, nzi, sa, se, si, so, shi, ta, te, to, tu, ya, yi, za, lenge, kenda, nge, ngi, yo');
const congolese = (rnd: Random) => pick(rnd, CD_START) + pick(rnd, CD_SYLLABLE) + (rnd() < 0.55 ? pick(rnd, CD_SYLLABLE) : '');

// Ukrainian -------------------------------------------------------------------------------------
const UA_ONSET = list('B, Ch, D, H, Hr, K, Kh, Kr, L, M, N, P, R, S, Sh, St, T, Tk, V, Y, Z, Zh, Bl, Hl, Pr');
const UA_VOWEL = list('a, e, i, o, u, y, ia, iu');
const UA_CODA = list(', ch, k, l, n, r, s, sh, v, vch, sk, rk, nt, d, m');
const UA_ROOT = list('Shev, Kovalen, Bondar, Tkach, Kravch, Melnyk, Boyk, Moroz, Lysen, Ruden, Savch, Petren, Marchen, Pavlen, Klymen, Ivan, Levch, Karpen, Hrytsen, Tymosh, Yarosh, Ostap, Dmytr, Kuzmen, Polishch, Sydor, Hnat, Oliyn');
const UA_END = list('enko, chenko, chuk, uk, iuk, yk, ko, ov, ev, in, skyi, ets, yshyn, iak, ych, ovych, enko, enko, uk');
const ukrainian = (rnd: Random) => root(rnd, UA_ROOT, () => syllable(rnd, UA_ONSET, UA_VOWEL, UA_CODA)) + pick(rnd, UA_END);
const ukrainianFeminine = (name: string) => name.replace(/(ov|ev|in)$/, '$1a').replace(/skyi$/, 'ska');

// Greek -----------------------------------------------------------------------------------------
const GR_ONSET = list('P, K, G, D, Th, Ch, L, M, N, S, St, T, V, Z, X, Tz, Kar, Pap, Pan, Stav, Chr, Kal, Mav, Pet, Vl, Tr');
const GR_VOWEL = list('a, e, i, o, ou, y, ia, io, ai');
const GR_CODA = list(', d, k, l, m, n, r, s, t, nt, st, rg, lt');
const GR_ROOT = list('Papad, Georgi, Dimitri, Konstantin, Nikol, Ioann, Vasil, Christ, Karagian, Papp, Athanas, Michail, Alexandr, Kost, Panag, Stavr, Theodor, Giann, Spyr, Anton, Makr, Lamb, Tsakal, Vlach');
const GR_END = list('opoulos, idis, akis, ou, as, is, os, iadis, elis, atos, ellis, oglou, opoulos, akis');
const greek = (rnd: Random) => root(rnd, GR_ROOT, () => syllable(rnd, GR_ONSET, GR_VOWEL, GR_CODA)) + pick(rnd, GR_END);
function greekFeminine(name: string): string {
  const endings: [RegExp, string][] = [[/opoulos$/, 'opoulou'], [/iadis$/, 'iadou'], [/idis$/, 'idou'], [/akis$/, 'aki'], [/ellis$/, 'elli'], [/elis$/, 'eli'], [/atos$/, 'atou'], [/as$/, 'a'], [/is$/, 'i'], [/os$/, 'ou']];
  const ending = endings.find(([from]) => from.test(name));
  return ending ? name.replace(ending[0], ending[1]) : name;
}

const ORIGINS: Record<Origin, OriginModel> = {
  flemish: {
    common: list("Peeters, Janssens, Maes, Jacobs, Mertens, Willems, Claes, Goossens, Wouters, De Smet, Vermeulen, Pauwels, Hermans, Aerts, Michiels, Martens, De Vos, Smets, Claeys, De Clercq, Desmet, Hendrickx, Van Damme, Stevens, De Backer, Janssen, Devos, Van de Velde, Segers, Lemmens, Coppens, Wauters, Van den Broeck, De Cock, Verhoeven, Cools, De Smedt, Declercq, Smet, Van den Bossche, Vandenbussche, Verstraete, D'Hondt, Vanderlinden, Van Acker, Dewitte, De Witte, Van Hoof, Van der Elst, Vandamme, Verbeke, Willaert, Lambrechts, Geerts, Bogaerts, Van Dyck, Thys, Goethals, Vandenberghe, Verschueren"),
    size: 60_000,
    head: 25,
    compose: flemish,
    given: {
      M: list('Jan, Marc, Luc, Patrick, Peter, Dirk, Johan, Koen, Bart, Wim, Geert, Tom, Pieter, Jozef, Frans, Willy, Eddy, Filip, Kris, Stijn, Jef, Wouter, Joris, Noah, Lucas, Arthur, Louis, Liam, Vic, Mathis, Jens, Senne, Jonas, Ruben, Jean-Pierre, Guido, Rik, Staf'),
      F: list('Maria, Anna, Els, An, Ann, Katrien, Griet, Lies, Sarah, Nathalie, Veerle, Sofie, Inge, Hilde, Martine, Christiane, Lotte, Emma, Olivia, Marie, Louise, Elise, Lore, Fien, Nele, Hanne, Jana, Ilse, Mieke, Godelieve, Liesbeth, Ann-Sophie, Mia'),
    },
  },
  walloon: {
    common: list("Dubois, Lambert, Martin, Dupont, Simon, Leclercq, Dumont, Laurent, Lejeune, Renard, Leroy, Denis, François, Lefèvre, Mercier, Gérard, Deschamps, Collard, Hubert, Delhaye, Lemaire, Noël, Thiry, Wéry, Bodart, Henrard, Piérard, Lhoest, Châtelain, Collignon, Jacquet, Massart, Pirard, Gilson, Delvaux, Maréchal, Georges, Lemaître, de la Fontaine, Du Bois, d'Ursel, Fontaine, Goffin, Marchal, Dethier"),
    size: 45_000,
    head: 25,
    compose: walloon,
    given: {
      M: list('Jean, Michel, Philippe, Pierre, Jacques, André, Daniel, Luc, Marc, Alain, Christian, Claude, Eric, Thierry, Pascal, Olivier, Nicolas, Julien, François, Jean-Pierre, Jean-Marie, Séverin, Gaëtan, Raphaël, Benoît, Jérôme, Cédric, Hugo, Louis, Arthur, Jules, Théo, Noé, Thomas'),
      F: list('Marie, Anne, Monique, Christine, Françoise, Isabelle, Nathalie, Sophie, Catherine, Martine, Chantal, Véronique, Sylvie, Valérie, Marie-Thérèse, Brigitte, Hélène, Chloé, Léa, Camille, Manon, Zoé, Noémie, Louise, Juliette, Céline, Aurélie, Mélanie, Anne-Françoise'),
    },
  },
  german: {
    common: list('Müller, Schmitz, Weber, Meyer, Schröder, Krämer, Heinen, Weiß, Hoffmann, Lenz, Schmidt, Fischer, Wagner, Becker, Schulz, Koch, Jüngling, von Wolff, Kessler, Mertes, Radermacher, Lentz, Cremer, Thelen, Hilgers, Kohnen, Jousten, Gennen'),
    size: 15_000,
    head: 10,
    compose: german,
    given: {
      M: list('Klaus, Jürgen, Hans, Peter, Karl, Josef, Günter, Werner, Stefan, Michael, Thomas, Andreas, Jörg, Lukas, Jonas, Leon, Tim, Björn, Karl-Heinz'),
      F: list('Ursula, Monika, Petra, Sabine, Andrea, Claudia, Birgit, Jutta, Anja, Katrin, Julia, Lena, Lea, Hannah, Sophie, Gisela, Anne-Marie'),
    },
  },
  dutch: {
    common: list('de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer'),
    size: 30_000,
    head: 20,
    compose: dutch,
    given: {
      M: list('Jan, Johannes, Cornelis, Pieter, Hendrik, Willem, Dirk, Gerrit, Kees, Bram, Daan, Sem, Thijs, Ruud, Sander, Jeroen'),
      F: list('Maria, Johanna, Anna, Cornelia, Wilhelmina, Elisabeth, Sanne, Anouk, Fleur, Lisa, Femke, Eva, Marieke, Ingrid, Annemarie'),
    },
  },
  french: {
    common: list('Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon, Michel, Lefebvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont, Lambert, Fontaine, Rousseau'),
    size: 45_000,
    head: 25,
    compose: walloon,
    given: {
      M: list('Jean, Philippe, Pierre, Nicolas, Julien, Thomas, Antoine, Maxime, Alexandre, Sébastien, Guillaume, Lucas, Hugo, Gabriel, Raphaël, Jean-Luc'),
      F: list('Marie, Nathalie, Isabelle, Sylvie, Catherine, Sandrine, Camille, Manon, Emma, Chloé, Léa, Inès, Jade, Louise, Marie-Claire'),
    },
  },
  moroccan: {
    common: list('El Amrani, Benali, El Idrissi, Alaoui, Bennani, El Khattabi, Boukhari, Ouali, Haddouchi, El Ouahabi, Azzouzi, Ait Ali, Bakkali, Chaoui, El Mansouri, Belkacem, Ben Youssef, Tahiri, Ziani, El Hamdaoui, Aouragh, Boulaich'),
    size: 15_000,
    head: 15,
    compose: moroccan,
    given: {
      M: list('Mohamed, Mohammed, Ahmed, Youssef, Mustapha, Abdelkader, Rachid, Said, Hassan, Karim, Omar, Khalid, Mehdi, Hamza, Bilal, Ayoub, Yassine, Driss, Abdellah, Hicham, Nabil, Adam, Amine, Ilyas, Ismail'),
      F: list('Fatima, Khadija, Aïcha, Malika, Naima, Rachida, Samira, Nadia, Latifa, Saida, Zineb, Imane, Salma, Sara, Yasmina, Hafsa, Houda, Meryem, Nora, Amal, Hajar, Ikram'),
    },
  },
  levantine: {
    common: list('Al Hassan, Al Ahmad, Haddad, Khalil, Al Khatib, Darwish, Hamdan, Al Masri, Khoury, Nasser, Al Shami, Ibrahim, Halabi, Saleh'),
    size: 10_000,
    head: 10,
    compose: levantine,
    given: {
      M: list('Ahmad, Mohammad, Khaled, Omar, Ali, Hussein, Mahmoud, Yasser, Bassel, Fadi, Rami, Samer, Tarek, Ziad, Abdulrahman'),
      F: list('Fatima, Rania, Lina, Hiba, Nour, Rasha, Dima, Reem, Maya, Sana, Yara, Aya, Rahaf'),
    },
  },
  turkish: {
    common: list('Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Polat, Erdoğan, Güneş, Aksoy, Bulut, Keskin'),
    size: 20_000,
    head: 6,
    compose: turkish,
    given: {
      M: list('Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, İbrahim, İsmail, Osman, Yusuf, Murat, Ömer, Ramazan, Emre, Burak, Kemal, Serkan, Fatih, Emir, Yiğit, Eren'),
      F: list('Fatma, Ayşe, Emine, Hatice, Zeynep, Elif, Meryem, Şerife, Zehra, Sultan, Hülya, Esra, Büşra, Merve, Ebru, Gülsüm, Özlem, Derya, Dilek'),
    },
  },
  polish: {
    common: list('Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Kwiatkowski, Krawczyk, Piotrowski, Grabowski, Nowakowski, Pawłowski, Michalski, Wałęsa'),
    size: 20_000,
    head: 12,
    compose: polish,
    feminine: polishFeminine,
    given: {
      M: list('Piotr, Krzysztof, Andrzej, Tomasz, Paweł, Marcin, Michał, Jan, Stanisław, Grzegorz, Łukasz, Jakub, Mateusz, Wojciech, Kamil, Dariusz, Rafał'),
      F: list('Anna, Maria, Katarzyna, Małgorzata, Agnieszka, Barbara, Ewa, Krystyna, Magdalena, Joanna, Aleksandra, Monika, Dorota, Zofia, Natalia, Karolina, Beata'),
    },
  },
  romanian: {
    common: list('Popa, Popescu, Pop, Radu, Dumitru, Stan, Stoica, Gheorghe, Matei, Ciobanu, Ionescu, Rusu, Munteanu, Constantin, Moldovan, Ion, Lungu, Ştefănescu, Florea, Dinu, Diaconu, Constantinescu'),
    size: 25_000,
    head: 8,
    compose: romanian,
    given: {
      M: list('Ion, Gheorghe, Vasile, Constantin, Mihai, Andrei, Alexandru, Ștefan, Florin, Cristian, Adrian, Dumitru, Marian, Ionuț, Bogdan, Răzvan, Gabriel, Nicolae'),
      F: list('Maria, Elena, Ioana, Ana, Mihaela, Andreea, Cristina, Gabriela, Alexandra, Daniela, Florentina, Ionela, Simona, Raluca, Adriana, Georgiana, Alina'),
    },
  },
  italian: {
    common: list('Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Di Stefano, Lo Bue, D\'Angelo, Cusumano, Scaglione'),
    size: 25_000,
    head: 20,
    compose: italian,
    given: {
      M: list('Giuseppe, Antonio, Giovanni, Francesco, Mario, Luigi, Salvatore, Angelo, Vincenzo, Pietro, Domenico, Carmelo, Rocco, Marco, Luca, Alessandro, Matteo, Lorenzo, Nicola, Calogero'),
      F: list('Maria, Anna, Giuseppina, Rosa, Angela, Giovanna, Teresa, Lucia, Carmela, Francesca, Giulia, Chiara, Sara, Martina, Concetta, Antonella, Rosaria, Paola'),
    },
  },
  iberian: {
    common: list('García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, dos Santos, Silva, Ferreira, Pereira, Oliveira, Muñoz, Rodrigues, Martins, Gómez, Sousa'),
    size: 25_000,
    head: 5,
    compose: iberian,
    given: {
      M: list('José, Antonio, Manuel, Francisco, Juan, João, Carlos, Miguel, Pedro, Luis, Jorge, Rui, Paulo, Javier, Alejandro, Sergio, Tiago, Álvaro, Rafael, José Manuel'),
      F: list('María, Carmen, Ana, Isabel, Dolores, Pilar, Lucía, Laura, Marta, Inês, Beatriz, Joana, Sofía, Mariana, Rosa, Cristina, Teresa, Conceição, María José'),
    },
  },
  congolese: {
    common: list('Mukendi, Kabongo, Tshibangu, Ilunga, Kasongo, Mbuyi, Ngoy, Lumbala, Kalala, Mulumba, Tshilombo, Nkulu, Mwamba, Kabeya, Mbala, Lukusa, Nsimba, Makiese'),
    size: 20_000,
    head: 20,
    compose: congolese,
    given: {
      M: list('Jean, Joseph, Pierre, Patrick, Papy, Christian, Jean-Claude, Didier, Serge, Héritier, Junior, Trésor, Dieudonné, Fiston, Glody, Exaucé, Blaise, Guy, Aimé'),
      F: list('Marie, Grâce, Esther, Ruth, Sarah, Nadine, Chantal, Mireille, Josée, Ange, Divine, Merveille, Gloire, Rebecca, Béatrice, Clarisse, Nathalie, Deborah'),
    },
  },
  // Few surnames shared by many: Diallo, Bah and Barry lead the Brussels register.
  westAfrican: {
    common: list('Diallo, Bah, Barry, Sow, Camara, Diop, Balde, Sylla, Keita, Condé, Traoré, Touré, Cissé, Koné, Coulibaly, Sangaré, Kaba, Soumah, Bangoura, Fofana, Ndiaye, Fall, Gueye, Sy, Ba, Kane, Mbaye, Sarr, Faye, Seck, Dieng, Sall, Kouyaté, Doumbia, Konaté, Sidibé, Baldé, Jalloh, Bangura, Kamara'),
    head: 2,
    given: {
      M: list('Mamadou, Ibrahima, Alpha, Amadou, Ousmane, Boubacar, Abdoulaye, Moussa, Mohamed, Thierno, Souleymane, Sekou, Lamine, Cheikh, Modou, Oumar'),
      F: list('Aminata, Fatoumata, Mariama, Kadiatou, Aïssatou, Hawa, Fatou, Binta, Djenabou, Oumou, Ramatoulaye, Awa, Khady, Mariam'),
    },
  },
  ukrainian: {
    common: list('Melnyk, Shevchenko, Boyko, Kovalenko, Bondarenko, Tkachenko, Kovalchuk, Kravchenko, Oliynyk, Shevchuk, Koval, Polishchuk, Bondar, Tkachuk, Moroz, Marchenko, Lysenko, Rudenko, Savchenko, Petrenko, Ivanov, Kuzmenko'),
    size: 25_000,
    head: 12,
    compose: ukrainian,
    feminine: ukrainianFeminine,
    given: {
      M: list('Oleksandr, Andriy, Serhiy, Volodymyr, Dmytro, Mykola, Ivan, Vasyl, Yuriy, Oleh, Taras, Bohdan, Maksym, Artem, Vitaliy'),
      F: list('Olena, Tetiana, Nataliia, Iryna, Svitlana, Oksana, Yuliia, Kateryna, Mariia, Anastasiia, Olha, Halyna, Viktoriia, Daria, Sofiia'),
    },
  },
  greek: {
    common: list('Papadopoulos, Papadakis, Georgiou, Dimitriou, Konstantinidis, Nikolaidis, Ioannou, Vasileiou, Christodoulou, Karagiannis, Pappas, Athanasiou, Michailidis, Alexandrou, Economou, Papageorgiou'),
    size: 20_000,
    head: 12,
    compose: greek,
    feminine: greekFeminine,
    given: {
      M: list('Georgios, Dimitrios, Konstantinos, Ioannis, Nikolaos, Panagiotis, Vasileios, Christos, Athanasios, Michail, Evangelos, Spyridon, Andreas, Alexandros'),
      F: list('Maria, Eleni, Aikaterini, Vasiliki, Sofia, Angeliki, Georgia, Dimitra, Konstantina, Paraskevi, Christina, Anna, Ioanna, Despoina'),
    },
  },
  // Nguyen alone is carried by about four Vietnamese in ten.
  vietnamese: {
    common: list('Nguyen, Tran, Le, Pham, Hoang, Huynh, Phan, Vu, Vo, Dang, Bui, Do, Ho, Ngo, Duong, Ly'),
    head: 0.4,
    given: { M: list('Minh, Anh, Tuan, Hung, Duc, Thanh, Quang, Van Long, Huu Phuoc'), F: list('Lan, Huong, Thao, Linh, Mai, Ngoc, Thi Hoa, Thu Trang') },
  },
  other: {
    common: list("Smith, O'Brien, Dvořák, Horváth, Novák, Kovács, Nagy, Svoboda, Murphy, Jones, Brown, Williams, Hansen, Johansson, Nielsen, Ivanov, Petrov, Hoxha, Krasniqi, Gashi, Berisha, Jovanović, Petrović, Nikolić, Kim, Wang, Li, Zhang, Singh, Khan, Ahmadi, Mohammadi, Hosseini, Rahimi, Mensah, Okafor, Adeyemi, Tesfaye, Kebede, Mehta"),
    head: 4,
    given: {
      M: list('John, David, Michael, James, Daniel, Peter, Adam, Ivan, Arben, Milan, Wei, Arjun, Reza, Kwame, Samuel'),
      F: list('Mary, Sarah, Emily, Anna, Eva, Katarina, Elena, Mei, Priya, Zahra, Ama, Grace, Ingrid'),
    },
  },
};

/** Surname origins of Belgian nationals, by language community (the register has no origin column: these are shares). */
const BELGIAN_ORIGINS: Record<'nl' | 'fr' | 'de', readonly (readonly [Origin, number])[]> = {
  nl: [['flemish', 84], ['walloon', 3], ['moroccan', 4.5], ['turkish', 3], ['italian', 1], ['polish', 0.8], ['congolese', 0.5], ['iberian', 0.6], ['greek', 0.3], ['romanian', 0.3], ['levantine', 0.3], ['westAfrican', 0.3], ['dutch', 0.5], ['vietnamese', 0.1], ['other', 0.5]],
  fr: [['walloon', 70], ['flemish', 10], ['italian', 6], ['moroccan', 6], ['congolese', 2.5], ['turkish', 1.5], ['iberian', 1.5], ['westAfrican', 1], ['polish', 0.7], ['greek', 0.5], ['levantine', 0.3], ['french', 1], ['vietnamese', 0.2], ['other', 0.6]],
  de: [['german', 75], ['walloon', 12], ['flemish', 5], ['italian', 3], ['turkish', 2], ['polish', 1], ['other', 2]],
};

/** Foreign nationals: nationality (ICAO code), share, surname origin, birth places. */
const FOREIGN: readonly { nationality: string; weight: number; origin: Origin; places: readonly string[] }[] = [
  { nationality: 'FRA', weight: 14, origin: 'french', places: list('Lille, Paris, Lyon, Maubeuge, Metz') },
  { nationality: 'NLD', weight: 12, origin: 'dutch', places: list('Rotterdam, Amsterdam, Maastricht, Breda, Eindhoven') },
  { nationality: 'ITA', weight: 10, origin: 'italian', places: list('Palermo, Agrigento, Napoli, Bari, Roma') },
  { nationality: 'ROU', weight: 10, origin: 'romanian', places: list('Iași, Bucureşti, Cluj-Napoca, Constanța, Bacău') },
  { nationality: 'MAR', weight: 7, origin: 'moroccan', places: list('Casablanca, Tanger, Nador, Al Hoceïma, Oujda') },
  { nationality: 'ESP', weight: 6, origin: 'iberian', places: list('Málaga, Madrid, Sevilla, A Coruña') },
  { nationality: 'POL', weight: 6, origin: 'polish', places: list('Kraków, Warszawa, Łódź, Wrocław, Gdańsk') },
  { nationality: 'PRT', weight: 5, origin: 'iberian', places: list('Porto, Lisboa, Braga, Viseu') },
  { nationality: 'UKR', weight: 5, origin: 'ukrainian', places: list('Kharkiv, Kyiv, Lviv, Odesa, Dnipro') },
  { nationality: 'DEU', weight: 3, origin: 'german', places: list('Köln, Aachen, Düsseldorf, Berlin') },
  { nationality: 'TUR', weight: 3, origin: 'turkish', places: list('Kayseri, Emirdağ, Afyonkarahisar, İstanbul, Ankara') },
  { nationality: 'COD', weight: 2, origin: 'congolese', places: list('Kinshasa, Lubumbashi, Mbuji-Mayi, Kisangani') },
  { nationality: 'SYR', weight: 2, origin: 'levantine', places: list('Alep, Damas, Homs') },
  { nationality: 'GRC', weight: 2, origin: 'greek', places: list('Thessaloniki, Athína, Pátra') },
  { nationality: 'GIN', weight: 2, origin: 'westAfrican', places: list('Conakry, Labé, Kankan') },
];
const FOREIGN_TABLE = FOREIGN.map((f) => [f, f.weight] as const);

const BELGIAN_PLACES: [string, string, string][] = [
  ['Bruxelles', '1000', 'Rue Neuve'], ['Anderlecht', '1070', 'Chaussée de Mons'], ['Antwerpen', '2000', 'Meir'], ['Gent', '9000', 'Veldstraat'],
  ['Liège', '4000', 'Rue Saint-Gilles'], ['Charleroi', '6000', 'Boulevard Tirou'], ['Namur', '5000', 'Rue de Fer'], ['Leuven', '3000', 'Bondgenotenlaan'],
  ['Brugge', '8000', 'Steenstraat'], ['Mons', '7000', 'Rue de Nimy'], ['Eupen', '4700', 'Aachener Straße'], ['Hasselt', '3500', 'Koning Albertstraat'],
  ['Arlon', '6700', 'Grand-Rue'], ['Mechelen', '2800', 'Bruul'], ['Kortrijk', '8500', 'Doorniksestraat'], ['Wavre', '1300', 'Place Bosch'],
];

const ORIGIN_SEEDS = Object.fromEntries(Object.keys(ORIGINS).map((origin) => [origin, hashString(origin)])) as Record<Origin, number>;

/** The (masculine) surname of rank `rank` of an origin: its real names first, then composed ones (deterministic per origin and rank). */
function surnameOfRank(origin: Origin, rank: number): string {
  const model = ORIGINS[origin];
  if (rank <= model.common.length || !model.compose) return model.common[(rank - 1) % model.common.length]!;
  // Joined parts can triple a letter ("Slyts" + "ssen"): two are enough.
  return model.compose(prng(ORIGIN_SEEDS[origin] ^ Math.imul(rank, 0x9e3779b1))).replace(/(\p{L})\1\1+/giu, (run) => run.slice(0, 2));
}

/** A surname of `origin` drawn from its Zipf distribution, in the form for `sex`. */
function drawSurname(rnd: Random, origin: Origin, sex: 'M' | 'F'): string {
  const model = ORIGINS[origin];
  const surname = surnameOfRank(origin, zipfRank(rnd(), model.compose ? (model.size ?? model.common.length) : model.common.length, model.head));
  return sex === 'F' && model.feminine ? model.feminine(surname) : surname;
}

// --- Persons -----------------------------------------------------------------------------------

export interface SyntheticPerson {
  nationalNumber: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: 'M' | 'F';
  nationality: string;
  birthPlace: string;
  addressStreet: string;
  addressPostalCode: string;
  addressMunicipality: string;
  addressCountry: string;
  language: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Builds person number `index` (deterministic). `counters` keeps SSS unique per date and sex within a run. */
export function syntheticPerson(index: number, counters: Map<string, number>): SyntheticPerson {
  const rnd = prng(index * 2654435761 + 17);
  const sex: 'M' | 'F' = rnd() < 0.5 ? 'M' : 'F';
  const belgian = rnd() < 0.78;
  const community = rnd();
  const language = community < 0.55 ? 'nl' : community < 0.97 ? 'fr' : 'de';
  const foreign = belgian ? null : pickWeighted(rnd, FOREIGN_TABLE);
  const origin = foreign ? foreign.origin : pickWeighted(rnd, BELGIAN_ORIGINS[language]);
  // Some double surnames (chosen by the parents since 2014, or a compound name), some compound given names.
  const surname = origin !== 'iberian' && rnd() < 0.03 ? `${drawSurname(rnd, origin, sex)}-${drawSurname(rnd, origin, sex)}` : drawSurname(rnd, origin, sex);
  const firstNames = ORIGINS[origin].given[sex];
  const givenCount = rnd() < 0.55 ? 1 : rnd() < 0.8 ? 2 : 3;
  const givenNames = [...new Set(Array.from({ length: givenCount }, () => pickFrequent(rnd, firstNames)))].join(' ');
  const year = 1930 + Math.floor(rnd() * 94);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * new Date(Date.UTC(year, month, 0)).getUTCDate());
  const [municipality, postalCode, street] = pick(rnd, BELGIAN_PLACES);
  const key = `${belgian ? 'N' : 'B'}${year}-${month}-${day}-${sex}`;
  const step = 2;
  const counter = (counters.get(key) ?? (sex === 'M' ? 1 + 2 * Math.floor(rnd() * 100) : 2 + 2 * Math.floor(rnd() * 100)) - step) + step;
  if (counter > 998) return syntheticPerson(index + 7_919_000_000, counters);
  counters.set(key, counter);
  const nationalNumber = belgian ? nissNumber(year, month, day, counter) : makeBisNumber({ birthDate: { year, month, day }, sex, counter });
  return {
    nationalNumber,
    surname,
    givenNames,
    birthDate: `${year}-${pad(month)}-${pad(day)}`,
    sex,
    nationality: foreign ? foreign.nationality : 'BEL',
    birthPlace: foreign ? pickFrequent(rnd, foreign.places, 1) : pick(rnd, BELGIAN_PLACES)[0],
    addressStreet: `${street} ${1 + Math.floor(rnd() * 250)}`,
    addressPostalCode: postalCode,
    addressMunicipality: municipality,
    addressCountry: 'BE',
    language,
  };
}

function nissNumber(year: number, month: number, day: number, counter: number): string {
  const first9 = `${pad(year % 100)}${pad(month)}${pad(day)}${pad(counter, 3)}`;
  return first9 + pad(97 - (Number((year >= 2000 ? '2' : '') + first9) % 97));
}

// --- Database ----------------------------------------------------------------------------------

const COLUMNS = [
  'national_number', 'surname', 'given_names', 'birth_date', 'birth_date_text', 'sex', 'nationality', 'birth_place', 'address_street',
  'address_postal_code', 'address_municipality', 'address_country', 'language', 'surname_key', 'surname_core_key', 'given_names_key', 'name_key',
] as const;
const TYPES = ['text', 'text', 'text', 'date', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];

/** Inserts a batch as arrays (one statement, `unnest`); returns the rows actually inserted. */
async function insertBatch(client: Client, people: SyntheticPerson[]): Promise<number> {
  const columns: unknown[][] = COLUMNS.map(() => []);
  for (const p of people) {
    const keys = personNameKeys(p.surname, p.givenNames);
    const values = [p.nationalNumber, p.surname, p.givenNames, p.birthDate, p.birthDate, p.sex, p.nationality, p.birthPlace, p.addressStreet,
      p.addressPostalCode, p.addressMunicipality, p.addressCountry, p.language, keys.surnameKey, keys.surnameCoreKey, keys.givenNamesKey, keys.nameKey];
    values.forEach((value, i) => columns[i]!.push(value));
  }
  const result = await client.query(
    `INSERT INTO "person" (${COLUMNS.map((c) => `"${c}"`).join(', ')}, "synthetic", "version")
     SELECT *, true, 1 FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
     ON CONFLICT DO NOTHING`,
    columns,
  );
  return result.rowCount ?? 0;
}

export interface GenerateOptions {
  databaseUrl: string;
  count: number;
  /** Only top the synthetic rows up to `count` (default: add `count` rows). */
  ensure?: boolean;
  batchSize?: number;
  log?: (line: string) => void;
}

/** Generates synthetic persons; returns how many were inserted and how long it took. */
export async function generatePersons(options: GenerateOptions): Promise<{ inserted: number; total: number; seconds: number }> {
  const { databaseUrl, count, ensure = false, batchSize = 5000, log = () => undefined } = options;
  const client = new Client({ connectionString: databaseUrl, application_name: 'sesame-persons-generator' });
  await client.connect();
  const started = process.hrtime.bigint();
  try {
    const existing = Number((await client.query(`SELECT count(*) AS n FROM "person" WHERE "synthetic"`)).rows[0].n);
    const target = ensure ? count : existing + count;
    let missing = target - existing;
    // Row indexes continue after the existing synthetic rows, so a top-up makes new people.
    let index = existing;
    const counters = new Map<string, number>();
    let inserted = 0;
    let logged = 0;
    while (missing > 0) {
      const size = Math.min(batchSize, missing);
      const batch = Array.from({ length: size }, () => syntheticPerson(index++, counters));
      // A number already in the register (an earlier run, a desk read) is skipped; the loop tops up.
      const added = await insertBatch(client, batch);
      inserted += added;
      missing -= added;
      if (inserted - logged >= 50_000) log(`${(logged = inserted)} inserted`);
    }
    if (inserted > 0) await client.query(`ANALYZE "person"`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { inserted, total: existing + inserted, seconds };
  } finally {
    await client.end();
  }
}

function argValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

if (require.main === module) {
  loadLocalEnv();
  const args = process.argv.slice(2);
  const count = Number(argValue(args, '--count') ?? 10_000);
  const databaseUrl = argValue(args, '--database-url') ?? process.env.DATABASE_URL;
  if (!databaseUrl || !Number.isInteger(count) || count < 0) {
    console.error('usage: npm run persons:generate -- --count 10000 [--database-url postgres://…] [--ensure]');
    process.exit(2);
  }
  generatePersons({ databaseUrl, count, ensure: args.includes('--ensure'), log: console.log }).then(
    ({ inserted, total, seconds }) => console.log(`inserted ${inserted} synthetic persons in ${seconds.toFixed(1)} s (${total} synthetic in total)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
