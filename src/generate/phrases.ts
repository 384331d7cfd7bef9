/**
 * The sentence banks texts are assembled from, per language. `{slot}` marks a value filled in per
 * text (see `texts.ts` for the slots). Languages other than English may leave a bank out; English is
 * used then (as on real platforms, where salary slips and AI prompts are mostly English).
 */
import type { Lang } from './world.js';

export interface Bank {
  post: readonly string[];
  comment: readonly string[];
  mention: readonly string[];
  person: readonly string[];
  piiEmail: readonly string[];
  piiPhone: readonly string[];
  piiIban: readonly string[];
  piiCard: readonly string[];
  piiId: readonly string[];
  piiIp: readonly string[];
  negative: readonly string[];
  opener: readonly string[];
  message: readonly string[];
  profile: readonly string[];
  articleTitle: readonly string[];
  edit: readonly string[];
  inmail?: readonly string[];
  resume?: readonly string[];
  application?: readonly string[];
  salary?: readonly string[];
  payment?: readonly string[];
  credential?: readonly string[];
  aiPrompt?: readonly string[];
  aiFeedback?: readonly string[];
  poll?: readonly string[];
  /** Group posts by group category (a key absent: ordinary posts). */
  group?: Readonly<Record<string, readonly string[]>>;
  roles: readonly string[];
  topics: readonly string[];
  cities: readonly string[];
}

const EN: Bank = {
  post: [
    "Thrilled to share that I've started a new position as {role} at {company}!",
    'After {n} years in {topic}, here is what I wish someone had told me on day one: ship small, measure everything, and write things down.',
    'We just wrapped up our quarterly planning in {city}. Big focus on {topic} for the rest of the year.',
    'Hot take: most {topic} projects fail because of unclear ownership, not because of the technology.',
    "I'm hiring! We're looking for a {role} who knows {skill} and likes working in a small team.",
    'Grateful for the amazing team at {company}. We shipped the new {topic} platform on time and under budget.',
    'Read the new privacy notice about AI training this morning. Worth ten minutes of your time before November.',
    'Three lessons from moving our stack to {skill}: start with the boring parts, keep the old path alive, celebrate the deletes.',
    'Proud that our team won the {event} award for {topic}. Couldn’t have done it without everyone involved.',
    "Looking for recommendations: what's the best course to learn {skill} this year?",
    'Our {topic} meetup in {city} is back next month. Free tickets, pizza included.',
    'Just passed my {skill} certification after {n} weeks of evening study. On to the next one!',
    "Unpopular opinion: the best {role}s I've worked with ask more questions than they answer.",
    "We're opening a new office in {city} and growing the {topic} team. Come and say hi.",
    'Spent the day at {event} in {city}. Great conversations about {topic} and the future of work.',
    'Reminder: you can decide whether your posts are used to train AI under Settings > Data privacy.',
    'Celebrating {n} years at {company} today. Time flies when you love what you do.',
    "If you're job hunting in {topic}, send me a message. Happy to review a few CVs this week.",
    'Ten years ago I wrote my first line of {skill}. Today I lead a team of {n} people. Keep learning.',
    'Our customers asked for it, so we built it: the new {topic} dashboard is live for everyone.',
  ],
  comment: [
    'Congratulations, well deserved!',
    'Great insights, thanks for sharing.',
    'This is so true. We saw exactly the same thing at {company}.',
    'Interesting take. How did you handle {topic} in practice?',
    'Love this! 👏',
    "Couldn't agree more.",
    'Thanks for the mention, it was a pleasure working together.',
    'Following this thread, very relevant for our team.',
    'Any chance the slides will be shared?',
    'Happy to connect and talk about {topic}.',
    'Bookmarking this one.',
    'Well said. The part about {topic} especially.',
  ],
  mention: [
    'Congrats {mention} on the new role at {company}!',
    'Thanks to {mention} for an inspiring session on {topic}.',
    'Big thanks to {mention} and {mention} for making this happen.',
    '{mention}, you might find this interesting.',
    'Had a great coffee chat with {mention} about {topic} today.',
    'Shout-out to {mention} for the brilliant demo.',
  ],
  person: [
    'Great keynote by {person} at {event} on {topic}.',
    'Thanks {person} ({phandle}) for the introduction.',
    'cc {phandle}, this is the study I mentioned.',
    'If you want to know more, {person} is the expert: {pemail}.',
    'Loved the thread by {phandle} on {topic}.',
    'Met {person} at {event} in {city}; highly recommend following {phandle}.',
    'Forwarding this to {pemail} as discussed.',
    'Our new board member {person} brings {n} years of {topic} experience.',
  ],
  piiEmail: ['Feel free to reach out at {email}.', 'Send your CV to {email} before {date}.', 'Questions? Mail me: {email}.'],
  piiPhone: [
    "Call me on {phone} if it's urgent.",
    'You can reach our office at {phone} between {time} and {time}.',
    'WhatsApp: {phone}.',
  ],
  piiIban: ['Please transfer the deposit to {iban}, reference {order}.', 'My new bank account is {iban}, please update your records.'],
  piiCard: ['Charged to card {card}, amount {amount}.', 'Can you check the payment? Card number {card}, expiry 08/27.'],
  piiId: [
    'For the background check they need your national ID number; mine is {id}.',
    'HR asked again for my ID number ({id}). Is that normal?',
  ],
  piiIp: [
    'Our VPN keeps dropping; the gateway at {ip} times out after {n} minutes.',
    'Login attempt blocked from {ip} at {time}.',
    'Whitelisted {ip} on the staging firewall.',
  ],
  negative: [
    'The webinar is on {date} at {time} CET.',
    'Budget approved: {amount} for the pilot.',
    'We upgraded to {version} last week and the build is {pct} faster.',
    'Your order {order} has shipped and should arrive by {date}.',
    'Ticket {order} has been open since {date}.',
    'Revenue grew {pct} year over year, to {amount}.',
    'Deadline moved from {date} to {date}.',
    'The reference on the invoice was {badiban}, which the bank rejected as invalid.',
    "Tracking number {badcard} still shows 'in transit'.",
    'Customer number {badbsn}, contract {order}.',
    'The sample SSN {badssn} on the form is not a real number.',
  ],
  opener: ['Hi {first},', 'Hey {first}!', 'Dear {first},', 'Good morning {first},'],
  message: [
    'Thanks for connecting. Would you have time for a quick call next week?',
    'As discussed, here are the details for the transfer.',
    'Can you send me the signed contract before {date}?',
    "I'll be in {city} on {date}, lunch?",
    "Here's my personal number in case the office line is busy: {phone}.",
    'My private email is {email}, better to use that one.',
    "Sorry for the late reply, it's been a hectic week with the {topic} launch.",
    'I got the offer from {company}! Salary is {amount} plus bonus, still thinking about it.',
    'Please keep this between us for now, the reorganisation is not public yet.',
  ],
  profile: [
    '{role} at {company} | {skill}, {skill} and {topic} | Based in {city}',
    '{role} with {n} years of experience in {topic}. Passionate about {skill} and mentoring.',
    'Helping teams ship better {topic} products. Formerly {role} at {company}.',
    'Open to new opportunities in {topic}. Speaker, mentor, occasional writer.',
  ],
  articleTitle: [
    '{n} lessons from a year of {topic}',
    'Why {topic} needs a privacy-first approach',
    'What the new AI training notice means for you',
    'How we scaled {skill} at {company}',
    'The quiet revolution in {topic}',
  ],
  edit: ['Edit: fixed a typo.', 'Update: thanks for all the reactions!', 'Edit: removed the contact details, DM me instead.'],
  inmail: [
    "I'm a recruiter at {company} and came across your profile. We have an opening for a {role} in {city} with a package around {amount}. Interested in a chat? You can reach me at {email} or {phone}.",
    'Your experience with {skill} caught my eye. Our client in {city} is hiring a {role}. Let me know a good time to talk this week.',
  ],
  resume: [
    '{name}\n{city} · {email} · {phone}\n\nEXPERIENCE\n{role}, {company} ({year}–present)\n- Led the {topic} programme, budget {amount}\n- Introduced {skill} across {n} teams\n\nSKILLS\n{skill}, {skill}, {topic}',
    'Curriculum vitae: {name}. Contact {email}, {phone}. {n} years as {role}; languages English and {language}. References available on request.',
  ],
  application: [
    'Dear hiring team, I am applying for the {role} position at {company}. I have {n} years of experience with {skill} and {topic}. My CV is attached; I can be reached at {phone} or {email}.',
    'Application for {role} ({order}). Available from {date}. Expected salary {amount}.',
  ],
  salary: [
    'Base salary {amount}, bonus {pct}, {n} days of holiday. Paid monthly to {iban}.',
    'Current salary: {amount} gross per year. Expected: {amount}. Notice period {n} weeks.',
    'Payslip {date}: gross {amount}, net {amount}, tax ID {id}.',
  ],
  payment: [
    'Invoice {order} of {amount} paid on {date} with card {card}.',
    'Premium subscription renewed: {amount}, card ending {n4}.',
    'Refund of {amount} to {iban} for order {order}.',
    'Payment failed for card {card}. Please update your billing details before {date}.',
  ],
  credential: [
    'Certified {skill} Professional, issued {date}, credential ID {cred}.',
    'Identity verified with a national ID card on {date}; number on file {id}.',
    'Verified work email {email} at {company}.',
    'Degree verified: MSc {topic}, {year}. Credential {cred}.',
  ],
  aiPrompt: [
    "Rewrite my headline to sound more senior: '{role} at {company}'",
    'Write a post announcing that I joined {company} as {role}.',
    "Summarise this message and draft a polite reply: 'Hi, please call me on {phone} about the {topic} project.'",
    'Improve my About section: I have {n} years of experience in {topic} and {skill}.',
    'Draft a cover letter for a {role} role in {city}. My email is {email}.',
    'Suggest five questions to ask in an interview for {role}.',
  ],
  aiFeedback: [
    '👍 The suggestion was helpful.',
    '👎 The draft invented a job title I never had.',
    'The rewrite was too formal, I prefer a friendlier tone.',
    'Good summary but it left out the deadline of {date}.',
  ],
  poll: ['Voted: {poll}', 'My answer: {poll}', '{poll}'],
  group: {
    'trade-union': [
      'Reminder: the members’ meeting about the collective agreement is on {date} at {time}.',
      'The union negotiated a {pct} raise for everyone on the {company} contract. Strike fund details to follow.',
      'If you are facing dismissal, contact your rep before you sign anything.',
    ],
    health: [
      'Six months after my burnout diagnosis, here is what helped me go back to work.',
      'Newly diagnosed with type 1 diabetes. How do you manage your insulin at conferences?',
      'Therapy is not a weakness. I started again this spring and it changed everything.',
    ],
    religion: [
      'Ramadan Mubarak to everyone observing this month.',
      'Our Friday prayer room at the {city} office is finally open.',
      'Bible study group meets on {date}, all colleagues welcome.',
    ],
    'political-opinion': [
      'Volunteering for the campaign this weekend, who is joining the canvassing in {city}?',
      'Our party branch will publish its position on {topic} before the elections.',
    ],
    'sexual-orientation': [
      'Coming out at work was the best decision I made this year.',
      'Join us at Pride in {city} on {date}! Our float leaves at {time}.',
    ],
    ethnicity: [
      'As one of the few Black engineers at {company}, mentoring matters to me.',
      'Our network for first-generation professionals of Turkish and Moroccan descent meets in {city}.',
    ],
  },
  roles: [
    'Data Engineer', 'Product Manager', 'Software Engineer', 'HR Business Partner', 'Account Executive', 'UX Designer',
    'Privacy Counsel', 'Nurse Practitioner', 'Marketing Lead', 'Site Reliability Engineer', 'Financial Controller',
    'Data Protection Officer', 'Recruiter', 'Teacher',
  ],
  topics: [
    'machine learning', 'data privacy', 'cloud infrastructure', 'talent acquisition', 'supply chain', 'cybersecurity',
    'product design', 'fintech', 'renewable energy', 'healthcare IT', 'developer experience', 'sales enablement',
  ],
  cities: ['London', 'New York', 'San Francisco', 'Toronto', 'Dublin', 'Sydney', 'Bangalore', 'Chicago', 'Manchester', 'Singapore'],
};

const NL: Bank = {
  post: [
    'Trots om te delen dat ik begonnen ben als {role} bij {company}!',
    'Na {n} jaar in {topic} weet ik één ding zeker: klein beginnen, alles meten en alles opschrijven.',
    'Vandaag onze kwartaalplanning afgerond in {city}. De rest van het jaar ligt de focus op {topic}.',
    'Wij zoeken een {role} met ervaring in {skill}. Ken jij iemand? Laat het me weten.',
    'Mooie dag op {event} in {city}. Goede gesprekken over {topic} en de toekomst van werk.',
    'Let op: vóór 3 november kun je in je instellingen bezwaar maken tegen AI-training met je gegevens. De AP raadt het aan.',
    'Vandaag {n} jaar bij {company}. Wat vliegt de tijd!',
    'Eindelijk geslaagd voor mijn {skill}-certificering na {n} weken avondstudie.',
    'Onze {topic}-meetup in {city} is terug. Gratis tickets, pizza inbegrepen.',
    'Impopulaire mening: de meeste {topic}-projecten mislukken door onduidelijk eigenaarschap, niet door de techniek.',
  ],
  comment: ['Gefeliciteerd, dik verdiend!', 'Mooi gezegd, dank voor het delen.', 'Helemaal mee eens.', 'Herkenbaar! Bij {company} zagen we precies hetzelfde.', 'Interessant, hoe pakken jullie {topic} aan?', 'Top! 👏'],
  mention: [
    'Gefeliciteerd {mention} met je nieuwe baan bij {company}!',
    'Dank aan {mention} voor de inspirerende sessie over {topic}.',
    'Fijne koffie gedaan met {mention} over {topic}.',
    'Dank {mention} en {mention} voor de hulp!',
  ],
  person: [
    'Sterke keynote van {person} op {event} over {topic}.',
    'Dank {person} ({phandle}) voor de introductie.',
    'cc {phandle}, dit is het onderzoek waar ik het over had.',
    'Meer weten? Mail {person}: {pemail}.',
    'Ik stuur dit door naar {pemail}, zoals afgesproken.',
  ],
  piiEmail: ['Mail gerust naar {email}.', 'Stuur je cv vóór {date} naar {email}.'],
  piiPhone: ['Bel me gerust op {phone}.', 'Ons kantoor is bereikbaar op {phone} tussen {time} en {time}.'],
  piiIban: ['Graag de aanbetaling overmaken naar {iban} o.v.v. {order}.', 'Mijn nieuwe rekeningnummer is {iban}.'],
  piiCard: ['Afgeschreven van creditcard {card}, bedrag {amount}.'],
  piiId: ['Voor de screening vroegen ze mijn BSN ({id}), is dat normaal?', 'Mijn BSN is {id}, kun je het formulier verder invullen?'],
  piiIp: ['De VPN valt steeds weg, de gateway op {ip} reageert niet.', 'Inlogpoging geblokkeerd vanaf {ip} om {time}.'],
  negative: [
    'Het webinar is op {date} om {time}.',
    'Budget goedgekeurd: {amount} voor de pilot.',
    'Je bestelling {order} is verzonden en komt uiterlijk {date} aan.',
    'De deadline is verschoven van {date} naar {date}.',
    'We zijn overgestapt op {version} en de build is {pct} sneller.',
    'Klantnummer {badbsn}, contract {order}.',
    'Het rekeningnummer {badiban} op de factuur werd door de bank afgewezen.',
  ],
  opener: ['Hoi {first},', 'Hallo {first},', 'Beste {first},'],
  message: [
    'Bedankt voor het connecten. Heb je volgende week tijd voor een kort belletje?',
    'Zoals besproken de gegevens voor de overboeking.',
    'Kun je het getekende contract vóór {date} sturen?',
    'Ik ben op {date} in {city}, zin in lunch?',
    'Dit is mijn privénummer voor als kantoor in gesprek is: {phone}.',
    'Mijn privémail is {email}, gebruik die maar.',
  ],
  profile: ['{role} bij {company} | {skill} en {topic} | {city}', '{role} met {n} jaar ervaring in {topic}. Mentor en spreker.'],
  articleTitle: ['{n} lessen uit een jaar {topic}', 'Wat de nieuwe AI-privacyverklaring voor jou betekent', 'Waarom {topic} privacy vooropzet'],
  edit: ['Edit: typfout verbeterd.', 'Update: dank voor alle reacties!'],
  group: {
    'trade-union': ['Herinnering: ledenvergadering over de cao op {date} om {time}.', 'De bond heeft {pct} loonsverhoging binnengehaald.'],
    health: ['Na mijn burn-out ben ik weer aan het re-integreren. Wat hielp jullie?'],
  },
  roles: ['data-engineer', 'productmanager', 'verpleegkundige', 'accountmanager', 'privacyjurist', 'HR-adviseur', 'ontwikkelaar', 'docent'],
  topics: ['datagedreven werken', 'privacy', 'duurzaamheid', 'de zorg', 'logistiek', 'cybersecurity', 'onderwijs', 'fintech'],
  cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven', 'Gent', 'Antwerpen', 'Groningen'],
};

const DE: Bank = {
  post: [
    'Ich freue mich, euch mitzuteilen, dass ich als {role} bei {company} angefangen habe!',
    'Nach {n} Jahren im Bereich {topic} weiß ich: klein anfangen, alles messen, alles dokumentieren.',
    'Heute Quartalsplanung in {city} abgeschlossen. Schwerpunkt für den Rest des Jahres: {topic}.',
    'Wir stellen ein! Gesucht wird eine {role} mit Erfahrung in {skill}.',
    'Spannender Tag auf der {event} in {city}. Viele Gespräche über {topic}.',
    'Hinweis: Bis zum 3. November könnt ihr in den Einstellungen der Nutzung eurer Daten für KI-Training widersprechen.',
    'Heute feiere ich {n} Jahre bei {company}. Danke an das ganze Team!',
    'Endlich die {skill}-Zertifizierung bestanden, nach {n} Wochen Lernen am Abend.',
    'Unpopuläre Meinung: Die meisten {topic}-Projekte scheitern an unklarer Verantwortung, nicht an der Technik.',
  ],
  comment: ['Herzlichen Glückwunsch, verdient!', 'Danke fürs Teilen.', 'Sehe ich genauso.', 'Spannend, wie setzt ihr {topic} konkret um?', 'Stark! 👏'],
  mention: [
    'Glückwunsch {mention} zur neuen Rolle bei {company}!',
    'Danke an {mention} für den inspirierenden Vortrag über {topic}.',
    'Tolles Gespräch mit {mention} über {topic}.',
  ],
  person: [
    'Starke Keynote von {person} auf der {event} zum Thema {topic}.',
    'Danke {person} ({phandle}) für die Vorstellung.',
    'cc {phandle}, das ist die Studie, von der ich erzählt habe.',
    'Mehr Infos bei {person}: {pemail}.',
  ],
  piiEmail: ['Meldet euch gern unter {email}.', 'Bewerbungen bitte bis {date} an {email}.'],
  piiPhone: ['Ruf mich gern an: {phone}.', 'Unser Büro ist unter {phone} zwischen {time} und {time} erreichbar.'],
  piiIban: ['Bitte die Kaution auf {iban} überweisen, Verwendungszweck {order}.', 'Meine neue Bankverbindung: {iban}.'],
  piiCard: ['Abgebucht von Kreditkarte {card}, Betrag {amount}.'],
  piiId: ['Für den Hintergrundcheck wollten sie meine Ausweisnummer {id}. Ist das üblich?'],
  piiIp: ['Das VPN bricht ständig ab, das Gateway {ip} antwortet nicht.', 'Anmeldeversuch von {ip} um {time} blockiert.'],
  negative: [
    'Das Webinar findet am {date} um {time} Uhr statt.',
    'Budget freigegeben: {amount} für das Pilotprojekt.',
    'Deine Bestellung {order} ist unterwegs und kommt bis {date}.',
    'Wir haben auf {version} aktualisiert, der Build ist {pct} schneller.',
    'Die Frist wurde vom {date} auf den {date} verschoben.',
    'Die IBAN {badiban} auf der Rechnung wurde von der Bank als ungültig abgelehnt.',
  ],
  opener: ['Hallo {first},', 'Hi {first}!', 'Liebe Grüße vorab, {first}:'],
  message: [
    'Danke für die Vernetzung. Hättest du nächste Woche Zeit für ein kurzes Telefonat?',
    'Wie besprochen die Daten für die Überweisung.',
    'Kannst du mir den unterschriebenen Vertrag bis {date} schicken?',
    'Meine private Nummer, falls das Büro besetzt ist: {phone}.',
    'Meine private Mail ist {email}.',
  ],
  profile: ['{role} bei {company} | {skill} und {topic} | {city}', '{role} mit {n} Jahren Erfahrung in {topic}.'],
  articleTitle: ['{n} Lehren aus einem Jahr {topic}', 'Was der neue KI-Datenschutzhinweis für dich bedeutet'],
  edit: ['Edit: Tippfehler korrigiert.', 'Update: Danke für die vielen Reaktionen!'],
  group: {
    'trade-union': ['Erinnerung: Betriebsversammlung zum Tarifvertrag am {date} um {time} Uhr.'],
    religion: ['Gesegnete Weihnachten allen Kolleginnen und Kollegen.'],
  },
  roles: ['Softwareentwicklerin', 'Produktmanager', 'Datenschutzbeauftragter', 'Vertriebsleiterin', 'Pflegefachkraft', 'Controllerin', 'Ingenieur'],
  topics: ['Digitalisierung', 'Datenschutz', 'Maschinenbau', 'Cloud-Infrastruktur', 'Logistik', 'Nachhaltigkeit', 'IT-Sicherheit'],
  cities: ['Berlin', 'München', 'Hamburg', 'Köln', 'Frankfurt am Main', 'Wien', 'Zürich', 'Stuttgart'],
};

const FR: Bank = {
  post: [
    'Ravie de vous annoncer que je rejoins {company} en tant que {role} !',
    'Après {n} ans dans {topic}, voici ce que j’aurais aimé savoir dès le premier jour.',
    'Belle journée à {event} à {city}, beaucoup d’échanges sur {topic}.',
    'Nous recrutons un(e) {role} qui maîtrise {skill}. Partagez autour de vous !',
    'Rappel : avant le 3 novembre, vous pouvez vous opposer à l’utilisation de vos données pour l’entraînement de l’IA.',
    'Aujourd’hui je fête {n} ans chez {company}. Merci à toute l’équipe.',
    'Certification {skill} obtenue après {n} semaines de révisions le soir.',
    'Avis impopulaire : la plupart des projets {topic} échouent faute de responsable clair.',
  ],
  comment: ['Félicitations, bien mérité !', 'Merci pour le partage.', 'Entièrement d’accord.', 'Intéressant, comment gérez-vous {topic} ?', 'Bravo ! 👏'],
  mention: [
    'Félicitations {mention} pour ton nouveau poste chez {company} !',
    'Merci à {mention} pour sa présentation sur {topic}.',
    'Super échange avec {mention} autour de {topic}.',
  ],
  person: [
    'Superbe keynote de {person} à {event} sur {topic}.',
    'Merci {person} ({phandle}) pour la mise en relation.',
    'cc {phandle}, voici l’étude dont je parlais.',
    'Pour en savoir plus, écrivez à {person} : {pemail}.',
  ],
  piiEmail: ['Écrivez-moi à {email}.', 'Envoyez votre CV à {email} avant le {date}.'],
  piiPhone: ['Appelez-moi au {phone}.', 'Notre bureau est joignable au {phone} de {time} à {time}.'],
  piiIban: ['Merci de virer l’acompte sur {iban}, référence {order}.', 'Mon nouveau RIB : {iban}.'],
  piiCard: ['Débité sur la carte {card}, montant {amount}.'],
  piiId: ['Pour la vérification, ils ont demandé mon numéro d’identité ({id}). C’est normal ?'],
  piiIp: ['Le VPN coupe sans arrêt, la passerelle {ip} ne répond plus.'],
  negative: [
    'Le webinaire a lieu le {date} à {time}.',
    'Budget validé : {amount} pour le pilote.',
    'Votre commande {order} a été expédiée, livraison avant le {date}.',
    'Nous sommes passés à {version}, le build est {pct} plus rapide.',
    'L’IBAN {badiban} sur la facture a été refusé par la banque.',
  ],
  opener: ['Bonjour {first},', 'Salut {first} !', 'Chère {first},'],
  message: [
    'Merci pour la connexion. Aurais-tu un moment pour un appel la semaine prochaine ?',
    'Comme convenu, voici les informations pour le virement.',
    'Peux-tu m’envoyer le contrat signé avant le {date} ?',
    'Mon numéro perso si le bureau ne répond pas : {phone}.',
    'Mon adresse perso est {email}.',
  ],
  profile: ['{role} chez {company} | {skill} et {topic} | {city}', '{role}, {n} ans d’expérience en {topic}.'],
  articleTitle: ['{n} leçons tirées d’une année de {topic}', 'Ce que la nouvelle notice sur l’IA change pour vous'],
  edit: ['Edit : coquille corrigée.', 'Mise à jour : merci pour vos réactions !'],
  group: { 'trade-union': ['Rappel : assemblée générale du syndicat le {date} à {time}.'] },
  roles: ['ingénieure logiciel', 'chef de projet', 'responsable RH', 'déléguée à la protection des données', 'commercial', 'infirmière'],
  topics: ['la transformation numérique', 'la protection des données', 'l’IA', 'la logistique', 'la cybersécurité', 'l’énergie'],
  cities: ['Paris', 'Lyon', 'Marseille', 'Bruxelles', 'Genève', 'Montréal', 'Lille', 'Toulouse'],
};

const ES: Bank = {
  post: [
    '¡Feliz de compartir que empiezo como {role} en {company}!',
    'Después de {n} años en {topic}, esto es lo que me habría gustado saber el primer día.',
    'Gran jornada en {event} en {city}, muchas conversaciones sobre {topic}.',
    'Buscamos {role} con experiencia en {skill}. ¡Compartid!',
    'Recordatorio: podéis oponeros en la configuración a que vuestros datos se usen para entrenar IA.',
    'Hoy cumplo {n} años en {company}. ¡Gracias al equipo!',
    'Por fin aprobé la certificación de {skill} tras {n} semanas estudiando por las noches.',
  ],
  comment: ['¡Enhorabuena, muy merecido!', 'Gracias por compartir.', 'Totalmente de acuerdo.', 'Interesante, ¿cómo gestionáis {topic}?', '¡Genial! 👏'],
  mention: ['¡Enhorabuena {mention} por el nuevo puesto en {company}!', 'Gracias a {mention} por la charla sobre {topic}.', 'Buen café con {mention} hablando de {topic}.'],
  person: [
    'Gran ponencia de {person} en {event} sobre {topic}.',
    'Gracias {person} ({phandle}) por la presentación.',
    'cc {phandle}, este es el estudio que os comenté.',
    'Para más información, escribid a {person}: {pemail}.',
  ],
  piiEmail: ['Escríbeme a {email}.', 'Envía tu CV a {email} antes del {date}.'],
  piiPhone: ['Llámame al {phone}.', 'La oficina atiende en el {phone} de {time} a {time}.'],
  piiIban: ['Por favor, transfiere la fianza a {iban}, concepto {order}.', 'Mi nueva cuenta es {iban}.'],
  piiCard: ['Cargado a la tarjeta {card}, importe {amount}.'],
  piiId: ['Para la verificación me pidieron mi número de identificación ({id}). ¿Es normal?'],
  piiIp: ['La VPN se cae todo el rato, la pasarela {ip} no responde.'],
  negative: [
    'El webinar es el {date} a las {time}.',
    'Presupuesto aprobado: {amount} para el piloto.',
    'Tu pedido {order} ha sido enviado y llegará antes del {date}.',
    'Migramos a {version} y la compilación es un {pct} más rápida.',
    'El IBAN {badiban} de la factura fue rechazado por el banco.',
  ],
  opener: ['Hola {first},', '¡Buenas {first}!', 'Estimada {first}:'],
  message: [
    'Gracias por conectar. ¿Tienes un rato para una llamada la semana que viene?',
    'Como hablamos, aquí tienes los datos para la transferencia.',
    '¿Me puedes enviar el contrato firmado antes del {date}?',
    'Mi número personal por si la oficina comunica: {phone}.',
    'Mi correo personal es {email}.',
  ],
  profile: ['{role} en {company} | {skill} y {topic} | {city}', '{role} con {n} años de experiencia en {topic}.'],
  articleTitle: ['{n} lecciones de un año de {topic}', 'Qué significa para ti el nuevo aviso sobre IA'],
  edit: ['Edit: corregida una errata.', 'Actualización: ¡gracias por las reacciones!'],
  roles: ['ingeniera de datos', 'jefe de producto', 'abogada', 'responsable de marketing', 'desarrollador', 'enfermero'],
  topics: ['la transformación digital', 'la privacidad', 'la inteligencia artificial', 'la logística', 'la ciberseguridad', 'las renovables'],
  cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Ciudad de México', 'Buenos Aires', 'Bogotá', 'Bilbao'],
};

export const BANKS: Record<Lang, Bank> = { en: EN, nl: NL, de: DE, fr: FR, es: ES };
export const ENGLISH: Bank = EN;

/** Shared across languages: names of companies, skills, events, poll options, hashtags. */
export const COMPANIES = [
  'Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Analytics', 'Hooli',
  'Vandelay Industries', 'Acme Corp', 'Tyrell Systems', 'Wonka Foods', 'Oceanic Air', 'Van Dijk Installatietechniek',
  'Müller Maschinenbau GmbH', 'Dubois Conseil SAS', 'Grupo Ibérica', 'Nordlys Energi AS', 'Sakura Robotics',
];
export const SKILLS = [
  'Python', 'Kubernetes', 'TypeScript', 'SQL', 'Power BI', 'Salesforce', 'Figma', 'Terraform', 'Rust', 'SAP', 'Excel',
  'PyTorch', 'AWS', 'Azure', 'Scrum', 'GDPR compliance',
];
export const EVENTS = ['Web Summit', 'TechBBQ', 'the Data Summit', 'RSA Conference', 'DevDays', 'VivaTech', 'Slush', 'Dreamforce'];
export const POLL_OPTIONS = [
  'Fully remote', 'Hybrid (2–3 days in the office)', 'Office first', 'Yes, I opted out', "No, I'm fine with it", 'Not sure yet',
  'Python', 'TypeScript', 'Rust', 'Four-day week',
];
export const HASHTAGS = ['#AI', '#privacy', '#hiring', '#GDPR', '#careers', '#leadership', '#datascience', '#opentowork', '#remote', '#tech'];
export const LANGUAGE_NAMES = ['Dutch', 'German', 'French', 'Spanish', 'Portuguese', 'Hindi', 'Japanese', 'Mandarin'];
