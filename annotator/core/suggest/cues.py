"""The words news attributions are made of, for the speaker suggester (`speakers.py`).

Every set holds lower-case words; a word's case is looked at by `names.py`, not here.
English first, then German, French and Spanish where the pattern exists in that language.

- `REPORTING_VERBS`: the verb of an attribution (`said`, `told`, `sagte`, `a déclaré`'s
  `déclaré`, `dijo`), every inflection a news sentence uses after a subject or before an
  inverted one (`“…,” said Kerry`). Base forms are there for `they say`, `will tell`.
- `GERUNDS`: participles whose speaker is the sentence's subject (`…, telling reporters
  “…”`); `COORDINATORS`: `and`, `but` before a verb, which make it so (`… and said: “…”`).
- `PRO_DROP_VERBS`: Spanish verbs whose subject is often left out (`“…”, dijo.`): read as
  an unnamed pronoun.
- `AUXILIARIES`: words between a subject and its verb (`has said`, `also told`, `a dit`).
- `TIMES`, `TIME_PREPOSITIONS`: a day between an inverted verb and its subject.
- `ACCORDING`: word sequences that put a source right after them (`according to X`,
  `selon X`, `según X`, `laut X`); `ACCORDING_AFTER`: one after its source (`X zufolge`).
- `PRONOUNS`: pronoun -> what it can stand for: "m" (a man), "f" (a woman), "person"
  (either), "plural" (people or an organisation), "org" (an organisation).
- `HONORIFICS`: word (without its full stop) -> "m", "f" or "" (`Mr`, `Mrs`, `Dr`):
  never part of the name (`Mr. Kerry` gives `Kerry`), but they say the name is a person's.
- `ROLES`: titles, offices and their modifiers (`secretary`, `foreign`, `president`,
  `spokesman`): before a name they are not the name (`Defense Secretary Ash Carter` gives
  `Ash Carter`); a role alone (`the minister said`) names nobody.
- `ROLE_PREFIXES`, `ROLE_SUFFIXES`: `ex-president`; German compounds (`Bundeskanzler`).
- `FEMALE_ROLES` / `MALE_ROLES`: the roles that say which.
- `ORGANISATION_WORDS`: heads of organisation names (`Ministry`, `Department`): a
  capitalised run holding one is an organisation's name as a whole (`the State
  Department`, `the Ministry of Foreign Affairs`).
- `ORGANISATIONS`: one-word institutions that speak in the news (`Pentagon`, `Kremlin`).
- `PARTICLES`: the small words inside names (`bin`, `van der`, `de`, `al`), and
  `PARTICLE_PREFIXES` those written joined with a hyphen (`al-Assad`, `el-Sisi`).
- `CONNECTORS`: `of`, `de`, `für`: they join role and organisation words (`Secretary of
  State`), and end a name (`John Kerry of Massachusetts` gives `John Kerry`).
- `DETERMINERS`: articles that start a noun phrase (`the`, `der`, `le`, `el`).
- `FUNCTION_WORDS`: words written with a capital at the start of a sentence that are never
  a name (`The`, `But`, `However`, `Yesterday`), days of the week and months (except the
  ones that are also names: `May`, `June`, `August`; and not `un`: `Kim Jong Un`).
- `NAME_SUFFIXES`: `Jr.`, `III`: part of the name they follow.
- `ABBREVIATIONS`: words whose full stop does not end the sentence (`Mr.`, `Gen.`, `Jr.`).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


REPORTING_VERBS = _words(
    # English: base, -s, past (and participle)
    """
    say says said tell tells told add adds added ask asks asked argue argues argued
    insist insists insisted warn warns warned write writes wrote written tweet tweets
    tweeted posted explain explains explained note notes noted stress stresses stressed
    claim claims claimed deny denies denied admit admits admitted announce announces
    announced declare declares declared reply replies replied recall recalls recalled
    continued concede concedes conceded acknowledge acknowledges acknowledged urge urges
    urged stated suggest suggests suggested comment comments commented remark remarks
    remarked respond responds responded observe observes observed emphasise emphasises
    emphasised emphasize emphasizes emphasized assert asserts asserted maintain maintains
    maintained promise promises promised pledge pledges pledged predict predicts
    predicted complain complains complained confirm confirms confirmed vow vows vowed
    joke jokes joked quip quips quipped shout shouts shouted cried yell yells yelled
    whisper whispers whispered murmured exclaim exclaims exclaimed demand demands
    demanded wonder wonders wondered testify testifies testified reported charged
    countered retort retorts retorted conclude concludes concluded agree agrees agreed
    boast boasts boasted caution cautions cautioned lament laments lamented mused sighed
    scoffed alleged allege alleges contend contends contended believe believes believed
    estimate estimates estimated texted emailed blogged
    call calls called described describes dubbed labelled labeled branded termed
    """
    # German: Präsens and Präteritum, 3rd person (and the participles after `hat`)
    """
    sagt sagte sagten gesagt erklärt erklärte erklärten betont betonte betonten meint
    meinte meinten warnt warnte warnten schreibt schrieb schrieben geschrieben twitterte
    kritisiert kritisierte fordert forderte forderten antwortet antwortete fügte ergänzt
    ergänzte sprach behauptet behauptete räumte bekräftigte bekräftigt unterstrich
    versicherte versichert mahnte teilte sagen erklären widersprach widerspricht
    entgegnete entgegnet kommentierte bilanzierte
    """
    # French: présent and participe passé (after `a`, `ont`), passé simple
    """
    dit déclare déclaré affirme affirmé explique expliqué ajoute ajouté souligne
    souligné estime estimé précise précisé indique indiqué lance lancé assure assuré
    avertit averti répond répondu insiste insisté reconnaît reconnu écrit tweeté
    martèle martelé rappelle rappelé confie confié dénonce dénoncé prévient prévenu
    regrette regretté déplore déploré admet admis poursuit poursuivi conclut conclu
    annonce annoncé raconte raconté résume résumé commente commenté déclara affirma
    expliqua ajouta
    """
    # Spanish: presente, pretérito (and participles after `ha`)
    """
    dice dijo dicho afirma afirmó afirmado declara declaró declarado asegura aseguró
    asegurado explica explicó explicado añade añadió añadido agrega agregó agregado señala
    señaló señalado indica indicó indicado advierte advirtió advertido insiste insistió
    subraya subrayó manifiesta manifestó escribe escribió escrito responde respondió
    comenta comentó sostiene sostuvo aclara aclaró reconoce reconoció denuncia denunció
    destaca destacó apuntó concluyó
    """
)

# A participle after the main clause (`Biden defended it, telling reporters that “…”`):
# its speaker is the subject of the sentence.
GERUNDS = _words(
    """
    saying telling adding writing noting warning arguing insisting explaining stressing
    asking declaring announcing claiming calling describing recalling urging replying
    tweeting posting
    """
)
# `McConnell called it “a fantasy,” and said: “…”`: a second verb of the same subject.
COORDINATORS = _words("and but und aber et mais y pero")

PRO_DROP_VERBS = _words(
    """
    dice dijo afirma afirmó declara declaró asegura aseguró explica explicó añade añadió
    agrega agregó señala señaló indica indicó advierte advirtió insiste insistió subraya
    subrayó manifestó escribió respondió comentó sostuvo aclaró reconoció denunció
    destacó apuntó concluyó
    """
)

AUXILIARIES = _words(
    """
    has have had also later then again further once previously repeatedly recently
    would will did has had would could may might often has since just earlier
    hat haben hatte auch noch zudem dann später
    a ont avait aussi encore également ensuite
    ha han había también luego además
    """
)

# Times between an inverted verb and its subject (`a martelé mardi le président …`,
# `sagte am Montag Scholz`, `said on Friday Kerry`), and the prepositions before them.
TIMES = _words(
    """
    today yesterday tonight monday tuesday wednesday thursday friday saturday sunday
    heute gestern montag dienstag mittwoch donnerstag freitag samstag sonntag
    aujourd'hui aujourd’hui hier lundi mardi mercredi jeudi vendredi samedi dimanche
    hoy ayer lunes martes miércoles jueves viernes sábado domingo
    """
)
TIME_PREPOSITIONS = _words("on am le el")

ACCORDING: tuple[tuple[str, ...], ...] = (
    ("according", "to"),
    ("in", "the", "words", "of"),
    ("selon",),
    ("d'après",),
    ("d’après",),
    ("según",),
    ("laut",),
)
ACCORDING_AFTER = _words("zufolge")
# German's `„…“, so Scholz.`: a source right after the quote's comma, nowhere else.
ACCORDING_RIGHT_AFTER = _words("so")

PRONOUNS: dict[str, str] = {
    "he": "m",
    "she": "f",
    "they": "plural",
    "it": "org",
    "er": "m",
    "il": "m",
    "elle": "f",
    "ils": "plural",
    "elles": "plural",
    "él": "m",
    "ella": "f",
    "ellos": "plural",
    "ellas": "plural",
}
# `sie` is she and they; German `sagte sie` stands for either.
PRONOUNS["sie"] = "person"

HONORIFICS: dict[str, str] = {
    **dict.fromkeys(_words("mr mister sir lord herr monsieur sr señor don"), "m"),
    **dict.fromkeys(_words("mrs ms miss dame lady frau madame mme mlle sra señora doña"), "f"),
    **dict.fromkeys(_words("dr prof rev hon"), ""),
}

ROLES = _words(
    """
    president vice prime minister ministers secretary chancellor senator sen rep
    representative congressman congresswoman governor gov mayor ambassador envoy
    spokesman spokeswoman spokesperson spokesmen official officials chief head leader
    chairman chairwoman chair director commissioner general gen lt col colonel
    lieutenant sergeant sgt captain capt commander admiral marshal judge justice
    attorney prosecutor speaker deputy foreign defence defense interior finance home
    health justice state trade economy energy environment education transport labour
    labor agriculture treasury former acting incoming outgoing then top senior junior
    press coach manager ceo founder executive analyst professor economist expert
    researcher lawyer pope cardinal archbishop bishop rabbi imam king queen prince
    princess sheikh emir sultan premier opposition party candidate counterpart
    colleague minority majority leader whip aide adviser advisor negotiator diplomat
    presidente ministro ministra canciller portavoz secretario secretaria alcalde
    jefe jefa líder gobernador primer primera
    président présidente ministre premier première secrétaire porte-parole maire
    chef député députée sénateur
    präsident präsidentin minister ministerin kanzler kanzlerin sprecher sprecherin
    bürgermeister chef chefin außenminister außenministerin verteidigungsminister
    """
)
# `ex-president`, `vice-president`
ROLE_PREFIXES = ("ex-", "vice-", "co-", "deputy-")
# German compound offices: `Bundeskanzler`, `Außenministerin`, `Regierungssprecher`
ROLE_SUFFIXES = (
    "kanzler",
    "kanzlerin",
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "sprecher",
    "sprecherin",
    "chef",
    "chefin",
    "vorsitzender",
    "vorsitzende",
)
FEMALE_ROLES = _words(
    """
    spokeswoman chairwoman congresswoman queen princess ministra secretaria jefa
    presidenta présidente première députée ministerin kanzlerin präsidentin sprecherin
    chefin außenministerin
    """
)
MALE_ROLES = _words(
    "spokesman chairman congressman king prince ministro secretario jefe kanzler sprecher"
)

ORGANISATION_WORDS = _words(
    """
    ministry department office council commission agency committee court army police
    house senate congress parliament assembly government administration bank fund
    union party institute university company corporation group authority board bureau
    service services organisation organization association federation league foundation
    forces force command guard embassy affairs unit agency inc ltd corp
    ministerium regierung bundesregierung amt partei polizei
    ministère gouvernement parti
    ministerio gobierno partido policía
    """
)
ORGANISATIONS = _words(
    """
    pentagon kremlin élysée elysee whitehall bundestag knesset duma nato un eu who
    imf opec interpol hamas hezbollah taliban reuters afp ap
    """
)

PARTICLES = _words(
    "al el bin ibn bint abu van von der den de da di du del della dos das ter ten la le"
)
PARTICLE_PREFIXES = _words("al el ad as ash at az ibn bin abu d")

CONNECTORS = _words("of for de del des du für der")

DETERMINERS = _words("the a an der die das den dem ein eine le la les l un une el los las")

FUNCTION_WORDS = _words(
    """
    the a an but and or so yet if when while after before since as at in on of for from
    by with without to into onto over under this that these those it its he she they we
    i you his her their our my your there here then now today yesterday tomorrow tonight
    later earlier meanwhile however still also even only just some many most all both
    each every no not nor asked speaking what who why how where which although though
    because despite during until unless thus instead indeed finally first last next
    another other such one two three several few more less mr mrs ms
    monday tuesday wednesday thursday friday saturday sunday january february march april
    july september october november december
    der die das ein eine und aber oder am im er sie es wir ich heute gestern morgen
    auch noch dann als wenn weil montag dienstag mittwoch donnerstag freitag samstag
    sonntag januar februar märz juni juli oktober dezember
    le la les et mais ou il elle ils elles nous je selon pour dans au aux en
    mais puis lundi mardi mercredi jeudi vendredi samedi dimanche
    el los las y pero según en él ella ellos ellas nosotros yo lunes martes miércoles jueves
    viernes sábado domingo
    """
)

# After a name, part of it: `Martin Luther King Jr.`
NAME_SUFFIXES = _words("jr sr ii iii iv")

ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof rev hon sen rep gov gen lt col sgt capt cmdr adm maj st jr sr
    mme mlle sra srta fr hr no
    """
)
