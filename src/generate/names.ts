/**
 * People's names as they write them in their own languages (diacritics, particles, double surnames,
 * CJK script), plus the ASCII forms their email addresses and handles are made of.
 */
import type { Rng } from './prng.js';
import type { NameLocale } from './world.js';

interface LocaleNames {
  first: readonly string[];
  last: readonly string[];
  /** Romanised forms, parallel to `first`/`last`, for scripts that are not Latin. */
  firstLatin?: readonly string[];
  lastLatin?: readonly string[];
  /** Family name first, no space (zh, ja in script). */
  eastern?: boolean;
}

const split = (s: string): string[] => s.split('|');

const NAMES: Record<NameLocale, LocaleNames> = {
  en: {
    first: split('James|Mary|Robert|Patricia|Michael|Jennifer|David|Linda|William|Elizabeth|Olivia|Liam|Emma|Noah|Ava|Ethan|Sophia|Mason|Chloe|Lucas|Harper|Logan|Grace|Owen|Zoë|Nathan|Hannah|Ryan|Megan|Tyler|Aisha|Marcus|Jamal|Keisha|Connor'),
    last: split('Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor|Thomas|Moore|Martin|Jackson|Thompson|White|Harris|Clark|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Green|Baker|Adams|Nelson|Hill|Campbell|Mitchell|Roberts|Carter|Phillips|Evans|Turner|Parker|Collins|Edwards'),
  },
  ie: {
    first: split('Siobhán|Aoife|Niamh|Saoirse|Ciara|Gráinne|Róisín|Seán|Cian|Oisín|Darragh|Pádraig|Eoin|Conor|Aidan|Méabh|Clodagh|Fionn|Declan|Orla'),
    last: split("O'Brien|Murphy|Kelly|O'Sullivan|Walsh|Byrne|Ryan|O'Connor|McCarthy|Doyle|Gallagher|Ó Súilleabháin|Kennedy|Lynch|Ní Bhriain|Fitzgerald|Quinn|Brennan|McLaughlin|Nolan"),
  },
  in: {
    first: split('Aarav|Priya|Rohan|Ananya|Vikram|Sneha|Arjun|Kavya|Rahul|Pooja|Aditya|Neha|Siddharth|Divya|Karthik|Lakshmi|Sanjay|Meera|Amit|Deepika|Ravi|Shreya|Harpreet|Gurpreet|Imran|Fatima'),
    last: split('Sharma|Patel|Iyer|Reddy|Nair|Gupta|Singh|Kumar|Mehta|Rao|Joshi|Chatterjee|Banerjee|Desai|Menon|Pillai|Verma|Agarwal|Kapoor|Malhotra|Khan|Bhatt|Krishnan|Subramanian'),
  },
  nl: {
    first: split('Sanne|Daan|Lotte|Bram|Femke|Joost|Sophie|Thijs|Anouk|Ruben|Eva|Jeroen|Marieke|Pieter|Lieke|Sem|Fleur|Wouter|Noor|Jasper|Inge|Maarten|Floor|Koen|Ilse|Niels|Esmée|Gijs|Annelies|Bas'),
    last: split('de Vries|Jansen|de Jong|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Dijk|Dekker|Brouwer|van der Meer|Janssens|Maes|Peeters|Willems|van Leeuwen|Kuipers|Verhoeven|van der Linden|Claes|Koster|Prins'),
  },
  de: {
    first: split('Jürgen|Anna|Lukas|Lea|Maximilian|Sophie|Felix|Hannah|Jonas|Lena|Matthias|Katrin|Stefan|Sabine|Tobias|Julia|Florian|Franziska|Sebastian|Miriam|Björn|Jörg|Ute|Dörte|Moritz|Clara|Niklas|Ines|Uwe|Grete'),
    last: split('Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|Hartmann|Lange|Schmitt|Werner|Krause|Meier|Weiß|Gruber|Huber|Brunner'),
  },
  fr: {
    first: split('Amélie|Louis|Chloé|Hugo|Léa|Gabriel|Manon|Raphaël|Camille|Arthur|Inès|Jules|Océane|Théo|Élodie|Mathéo|Anaïs|Benoît|Céline|François|Hélène|Jérôme|Margaux|Nicolas|Sébastien|Aurélie|Émile|Maëlle|Loïc|Noémie'),
    last: split('Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|Lefèbvre|Michel|Garcia|David|Bertrand|Roux|Vincent|Fournier|Morel|Girard|André|Lefèvre|Mercier|Dupont|Lambert|Bonnet|François|Martinez|Gauthier|Chevalier|Lemaître'),
  },
  es: {
    first: split('José|María|Lucía|Alejandro|Sofía|Javier|Martina|Pablo|Paula|Sergio|Carmen|David|Laura|Álvaro|Elena|Andrés|Isabel|Íñigo|Nuria|Raúl|Ángela|Diego|Valentina|Mateo|Camila|Jesús|Ximena|Joaquín|Begoña|Iker'),
    last: split('García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|Ruiz|Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres|Domínguez|Vázquez|Ramos|Castillo|Ortega|Rubio|Núñez|Iglesias'),
  },
  pt: {
    first: split('João|Maria|Ana|Pedro|Beatriz|Lucas|Mariana|Gabriel|Larissa|Rafael|Juliana|Thiago|Fernanda|Gonçalo|Inês|Tomás|Leonor|Matheus|Letícia|Caio|Vitória|Diogo|Bárbara|Guilherme|Lívia'),
    last: split('Silva|Santos|Oliveira|Souza|Rodrigues|Ferreira|Alves|Pereira|Lima|Gomes|Costa|Ribeiro|Martins|Carvalho|Araújo|Melo|Barbosa|Rocha|Almeida|Conceição|Gonçalves|Magalhães|Sá|Brandão'),
  },
  it: {
    first: split('Giulia|Alessandro|Francesca|Lorenzo|Chiara|Matteo|Sara|Andrea|Martina|Davide|Federica|Riccardo|Elisa|Niccolò|Ilaria|Gianluca|Valentina|Simone|Noemi|Tommaso|Ioana|Andrei|Elena|Mihai'),
    last: split('Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|De Luca|Mancini|Costa|Giordano|Rizzo|Lombardi|Moretti|Popescu|Ionescu|Dumitru|Niccolò'),
  },
  pl: {
    first: split('Łukasz|Agnieszka|Piotr|Katarzyna|Tomasz|Małgorzata|Paweł|Joanna|Michał|Magdalena|Krzysztof|Anna|Wojciech|Zofia|Grzegorz|Aleksandra|Bartłomiej|Żaneta|Jędrzej|Ewa'),
    last: split('Kowalski|Nowak|Wiśniewska|Wójcik|Kowalczyk|Kamiński|Lewandowska|Zieliński|Szymańska|Woźniak|Dąbrowski|Kozłowska|Jankowski|Mazur|Krawczyk|Piotrowski|Grabowska|Pawłowski|Michalska|Król'),
  },
  nordic: {
    first: split('Ingrid|Øyvind|Åsa|Lars|Sigrid|Magnus|Kari|Henrik|Astrid|Bjørn|Freja|Erik|Maja|Johan|Linnea|Mikkel|Sólveig|Gunnar|Elin|Pål|Aino|Jukka|Helmi|Søren|Ása'),
    last: split('Hansen|Johansen|Olsen|Larsen|Andersen|Nilsson|Eriksson|Lindqvist|Berg|Haugen|Johansson|Pedersen|Nielsen|Jørgensen|Sørensen|Bergström|Åberg|Virtanen|Korhonen|Jónsdóttir|Guðmundsson|Strand|Lund|Dahl'),
  },
  ja: {
    first: split('健|陽菜|翔太|結衣|大輔|美咲|拓海|さくら|悠斗|葵|直樹|真由美|蓮|花子|太郎'),
    firstLatin: split('Ken|Hina|Shota|Yui|Daisuke|Misaki|Takumi|Sakura|Yuto|Aoi|Naoki|Mayumi|Ren|Hanako|Taro'),
    last: split('佐藤|鈴木|高橋|田中|伊藤|渡辺|山本|中村|小林|加藤|吉田|山田|佐々木|山口|松本'),
    lastLatin: split('Sato|Suzuki|Takahashi|Tanaka|Ito|Watanabe|Yamamoto|Nakamura|Kobayashi|Kato|Yoshida|Yamada|Sasaki|Yamaguchi|Matsumoto'),
    eastern: true,
  },
  zh: {
    first: split('伟|芳|娜|秀英|敏|静|丽|强|磊|军|洋|勇|艳|杰|娟|涛|明|超|秀兰|霞'),
    firstLatin: split('Wei|Fang|Na|Xiuying|Min|Jing|Li|Qiang|Lei|Jun|Yang|Yong|Yan|Jie|Juan|Tao|Ming|Chao|Xiulan|Xia'),
    last: split('王|李|张|刘|陈|杨|黄|赵|吴|周|徐|孙|马|朱|胡'),
    lastLatin: split('Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu'),
    eastern: true,
  },
  hk: {
    first: split('大文|嘉欣|志明|詠琪|家豪|美玲|俊傑|曉彤|子軒|婉婷'),
    firstLatin: split('Tai Man|Ka Yan|Chi Ming|Wing Kei|Ka Ho|Mei Ling|Chun Kit|Hiu Tung|Tsz Hin|Yuen Ting'),
    last: split('陳|李|張|黃|何|林|梁|吳|劉|鄧'),
    lastLatin: split('Chan|Lee|Cheung|Wong|Ho|Lam|Leung|Ng|Lau|Tang'),
    eastern: true,
  },
  ng: {
    first: split('Chinedu|Ngozi|Oluwaseun|Adaeze|Emeka|Funmilayo|Tunde|Chiamaka|Ifeanyi|Yetunde|Wanjiru|Kamau|Achieng|Otieno|Zainab|Musa|Amara|Kelechi'),
    last: split('Okafor|Adeyemi|Okonkwo|Balogun|Eze|Ogunleye|Nwosu|Abubakar|Mwangi|Odhiambo|Kariuki|Otieno|Obi|Adebayo|Chukwu|Ibrahim|Oyelaran|Njoroge'),
  },
  tr: {
    first: split('Ayşe|Mehmet|Fatma|Mustafa|Zeynep|Emre|Elif|Burak|Gülşen|Çağrı|Arbër|Drita|Blerta|Ilir|Özge|Şeyma'),
    last: split('Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Öztürk|Aydın|Arslan|Doğan|Krasniqi|Gashi|Berisha|Hoxha|Koç|Kılıç'),
  },
};

/** A generated name: how it is displayed and the lowercase ASCII parts addresses are built from. */
export interface PersonName {
  display: string;
  /** Given name as displayed (for "Hi Sanne," and first-name mentions). */
  given: string;
  /** ASCII, lowercase, for emails and handles. */
  givenAscii: string;
  familyAscii: string;
}

const FOLD: Record<string, string> = { ø: 'o', æ: 'ae', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', œ: 'oe' };

/** Lowercase ASCII letters only: "Ó Súilleabháin" → "osuilleabhain", "Weiß" → "weiss". */
export function asciiFold(text: string): string {
  const lower = text.toLowerCase();
  if (/^[a-z]*$/.test(lower)) return lower;
  let out = '';
  for (const ch of text.normalize('NFD').toLowerCase()) {
    const c = ch.charCodeAt(0);
    if (c >= 97 && c <= 122) out += ch;
    else if (c >= 48 && c <= 57) out += ch;
    else {
      const f = FOLD[ch];
      if (f !== undefined) out += f;
    }
  }
  return out;
}

const EN_MIDDLE = split('A.|J.|M.|P.|R.|T.|K.|L.');
const TITLES = split('Dr.|Prof.|Ir.|Dipl.-Ing.|Mag.');
const DECOR = split(' 🌱| 🚀| ✨| (she/her)| (he/him)| (they/them)| | MBA| PhD| CFA');

/** A person's name in their locale; `decorated` allows titles, pronouns and emoji as people add them. */
export function personName(rng: Rng, locale: NameLocale, decorated: boolean): PersonName {
  const names = NAMES[locale];
  const fi = rng.int(names.first.length);
  const li = rng.int(names.last.length);
  const first = names.first[fi] as string;
  const last = names.last[li] as string;
  const style = rng.float();
  if (names.eastern && names.firstLatin && names.lastLatin) {
    const firstLatin = names.firstLatin[fi] as string;
    const lastLatin = names.lastLatin[li] as string;
    const givenAscii = asciiFold(firstLatin);
    const familyAscii = asciiFold(lastLatin);
    // In script (family name first), romanised in Western order, or romanised family-first.
    if (style < 0.5) {
      const display = locale === 'ja' && rng.chance(0.5) ? `${last} ${first}` : `${last}${first}`;
      return { display, given: first, givenAscii, familyAscii };
    }
    if (style < 0.85) return { display: `${firstLatin} ${lastLatin}`, given: firstLatin, givenAscii, familyAscii };
    return { display: `${lastLatin} ${firstLatin}`, given: firstLatin, givenAscii, familyAscii };
  }
  let display = `${first} ${last}`;
  if (locale === 'es' && style < 0.45) display = `${first} ${last} ${rng.pick(names.last)}`;
  else if (locale === 'pt' && style < 0.3) display = `${first} ${rng.pick(names.last)} ${last}`;
  else if (locale === 'en' && style < 0.12) display = `${first} ${rng.pick(EN_MIDDLE)} ${last}`;
  else if ((locale === 'nl' || locale === 'de' || locale === 'fr') && style < 0.05) {
    display = `${first}-${rng.pick(names.first)} ${last}`;
  }
  if (decorated) {
    const r = rng.float();
    if (r < 0.03) display = `${rng.pick(TITLES)} ${display}`;
    else if (r < 0.07) display = `${display}${rng.pick(DECOR)}`.trimEnd();
  }
  return { display, given: first, givenAscii: asciiFold(first), familyAscii: asciiFold(last) };
}

const MONONYMS = split('Maarten|Sjors|Zaza|Kenzo|Björk|Nolwenn|Anouk|Pelé|Yumi|Chidi|Iñaki|Mette|Rocco|Ludo');

/** A one-word name, as some people sign (and an objection must not redact as a common word). */
export function oneWordName(rng: Rng): PersonName {
  const name = rng.pick(MONONYMS);
  const ascii = asciiFold(name);
  return { display: name, given: name, givenAscii: ascii, familyAscii: ascii };
}

/** A given name of a locale, as written there (the addressee of a message). */
export function givenName(rng: Rng, locale: NameLocale): string {
  const names = NAMES[locale];
  const i = rng.int(names.first.length);
  return names.eastern && names.firstLatin && rng.chance(0.5) ? (names.firstLatin[i] as string) : (names.first[i] as string);
}
