"""Domain lexicon: actor aliases, category head nouns, modifiers, and cue words.

Declarative tables; the grammar in :mod:`warledger.claims.extract` reads them. Codes follow
docs/vocabulary.md (ISO alpha-3 states and the WEST/EUROPE/EU/NATO/FOREIGN groups).
"""

from __future__ import annotations

import re

from warledger.claims.prefilter import lead

#: alias (regex, case-insensitive unless it starts with an uppercase abbreviation) -> code
ACTOR_ALIASES: list[tuple[str, str]] = [
    (r"north korea(?:n|ns)?(?:-(?:made|produced|built|supplied|manufactured))?|dprk|pyongyang"
     r"|(?-i:the North)(?!\s+(?:Atlantic|Sea|of|Pole))|kim(?: jong[- ]un)?'s regime|rajin|najin"
     r"|korean people's army", "PRK"),
    (r"south korea(?:n|ns)?|seoul", "KOR"),
    (r"russia(?:n|ns)?(?:-(?:flagged|made|built))?|moscow|the kremlin|kremlin", "RUS"),
    (r"ukrain(?:e|ian|ians)|kyiv|kiev", "UKR"),
    (r"iran(?:ian|ians)?(?:-(?:made|designed|built|developed))?|tehran|islamic republic", "IRN"),
    (r"(?:the )?west(?:ern)?(?: (?:nations|powers|countries|states|allies|governments|"
     r"partners|donors))?|(?:the )?donors|donor (?:countries|nations|states|governments)"
     r"|(?:the )?allies", "WEST"),
    (r"(?:the )?(?:european union|european commission|european peace facility)", "EU"),
    (r"(?:the )?(?:eu and its member states|eu member states|member states of the european "
     r"union|eu countries|eu states|european (?:donors|countries|states|nations|allies)"
     r"|european|europe)", "EUROPE"),
    (r"(?-i:EU)|brussels", "EU"),
    (r"nato(?: (?:allies|members|countries|leaders))?", "NATO"),
    (r"g7", "G7"),
    (r"(?:the )?united states|(?-i:U\.S\.|US|USA)|america(?:n|ns)?|washington|the pentagon|pentagon"
     r"|biden administration", "USA"),
    (r"germany|german|berlin|bundeswehr", "DEU"),
    (r"(?:the )?united kingdom|britain|british|uk|london", "GBR"),
    (r"france|french|paris", "FRA"),
    (r"(?:the )?netherlands|dutch", "NLD"),
    (r"denmark|danish", "DNK"),
    (r"norway|norwegian", "NOR"),
    (r"sweden|swedish", "SWE"),
    (r"finland|finnish", "FIN"),
    (r"poland|polish", "POL"),
    (r"(?:the )?czech republic|czechia|czech", "CZE"),
    (r"slovakia|slovak", "SVK"),
    (r"belgium|belgian", "BEL"),
    (r"canada|canadian", "CAN"),
    (r"italy|italian", "ITA"),
    (r"spain|spanish", "ESP"),
    (r"portugal|portuguese", "PRT"),
    (r"japan|japanese", "JPN"),
    (r"australia|australian", "AUS"),
    (r"lithuania|lithuanian", "LTU"),
    (r"estonia|estonian", "EST"),
    (r"latvia|latvian", "LVA"),
    (r"belarus(?:ian)?|minsk", "BLR"),
    (r"china|chinese|beijing", "CHN"),
    (r"nepal(?:ese|i|is)?|the himalayan country", "NPL"),
    (r"cuba(?:n|ns)?|havana", "CUB"),
    (r"india|indian|indians", "IND"),
    (r"syria(?:n|ns)?", "SYR"),
    (r"israel(?:i)?", "ISR"),
    (r"foreign(?:ers)?|international legion|foreign legion|(?:the )?legion", "FOREIGN"),
]

#: states fighting the war; never the provider of support in a claim
BELLIGERENTS = frozenset({"RUS", "UKR"})
#: providers whose support goes to Russia unless the text says otherwise
PRO_RUSSIA = frozenset({"PRK", "IRN", "BLR", "CHN", "NPL", "CUB", "IND", "SYR"})
#: actors that report figures far more often than they provide support
REPORTER_NOUNS = (r"defen[cs]e (?:minister|ministry)|(?:military |defen[cs]e )?intelligence"
                  r"|joint chiefs|president|prosecutor|foreign (?:minister|ministry)|officials?"
                  r"|media|sources|spy agency|lawmakers?|ministry|prosecutors?|authorities"
                  r"|national security council|state department|nis|news agency")

ACTOR_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"{lead(pat)}(?P<a{i}>{pat})"
                                for i, (pat, _) in enumerate(ACTOR_ALIASES))
    + r")(?![\w-])",
    re.IGNORECASE | re.ASCII,  # ASCII aliases; ASCII case folding is markedly faster
)
ACTOR_CODES = [code for _, code in ACTOR_ALIASES]

#: category head nouns (regex over one or more lower-cased tokens) -> category; longest first
CATEGORY_WORDS: list[tuple[str, str]] = [
    (r"remotely piloted aircraft|unmanned aerial vehicles?|loitering munitions?", "drones"),
    (r"port calls?", "port_calls"),
    (r"rounds of ammunition|artillery rounds?|artillery shells?|shells?|rounds|ammunition"
     r"|munitions", "artillery_shells"),
    (r"ballistic missiles?", "ballistic_missiles"),
    (r"cruise missiles?", "cruise_missiles"),
    (r"air defen[cs]e systems?|air defen[cs]e batter(?:y|ies)|patriot systems?"
     r"|patriot batter(?:y|ies)|batter(?:y|ies)|nasams|iris-t systems?", "air_defense_systems"),
    (r"missiles?", "missiles"),  # resolved to ballistic_missiles for PRK/IRN, else dropped
    (r"rockets?", "rockets"),
    (r"containers?(?!\s+(?:ships?|vessels?|port|terminal))", "containers"),
    (r"voyages?|shipments?|sailings?", "voyages"),
    (r"tons of explosives|tonnes of explosives|tons|tonnes", "explosives"),
    (r"drones?|uavs?|shaheds?", "drones"),
    (r"howitzers?|artillery systems?|self-propelled guns?|himars|mlrs|rocket launchers?",
     "artillery_systems"),
    (r"fighter jets?|jets?|warplanes?|aircraft|f-16s|mig-29s|helicopters?", "aircraft"),
    (r"tanks?|armou?red vehicles?|ifvs|apcs|infantry fighting vehicles?|bradleys",
     "armored_vehicles"),
    (r"casualties|killed or wounded|killed and wounded|killed|dead|wounded|injured|deaths"
     r"|war dead|fatalities|losses", "casualties"),
    (r"volunteers|legionnaires|foreign fighters|fighters", "volunteers"),
    (r"mercenaries|recruits|men|citizens|nationals|nepalese|nepali|cubans|foreigners|indians"
     r"|others", "people"),
    (r"troops|soldiers|servicemen|military personnel|personnel|reinforcements|forces"
     r"|replacements|military engineers|engineers|deminers|sappers|military builders"
     r"|construction workers|builders|workers|labou?rers|officers|generals|commandos"
     r"|special forces|infantrymen|gunners|crew members", "troops"),
]
CATEGORY_CODES = frozenset(cat for _, cat in CATEGORY_WORDS) - {"people", "missiles"}
CATEGORY_RES = [(re.compile(rf"(?:{pat})(?![\w-])"), cat) for pat, cat in CATEGORY_WORDS]

#: tokens that may stand between a number and its head noun ("64 North Korean KN-23 ...")
MODIFIERS = frozenset("""
of the these those its their his her our new additional extra more other further fresh
combat official military sea shipping short-range long-range close-range medium-range
surface-to-surface artillery attack kamikaze armed unmanned air defense defence battle main
fighter modern elite special ground regular heavy light active trained well-trained
self-propelled mobile-launched tactical guided precision-guided comparable significant
influx flow number contingent deployment wave batch first second third promised pledged
such type types kind kinds all and or more foreign young seriously mm millimeter
millimetre caliber calibre inch infantry one-way strike assault reconnaissance combat-ready
army navy naval airborne marine elite strong - other active-duty uniformed
""".split())

#: ammunition-related words that make a money figure military
MONEY_MILITARY = re.compile(
    r"\b(?:military|weapons?|arms|ammunition|shells|defen[cs]e|security assistance|howitzers"
    r"|tanks|air defen|f-16|missiles?|drones|peace facility)", re.IGNORECASE)
MONEY_TOTAL = re.compile(
    r"military,? (?:humanitarian|financial)|(?:humanitarian|financial),? (?:and )?military"
    r"|\baid\b|\bsupport\b|assistance|package|commitments|allocated|allocations?", re.IGNORECASE)
MONEY_FINANCIAL = re.compile(r"financial aid|budget support|loans?|grants?|macro-?financial",
                             re.IGNORECASE)
MONEY_HUMANITARIAN = re.compile(r"humanitarian aid|humanitarian assistance", re.IGNORECASE)

#: basis cues, checked nearest-first around a figure
BASIS_CUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:used|fired|launched)\b", re.I), "used"),
    (re.compile(r"\b(?:could (?:contain|hold|have(?: been)?(?: sent| shipped| delivered"
                r"| supplied)?|translate|be|transfer)|can (?:hold|contain|carry)"
                r"|equivalent|translate to"
                r"|potentially)\b", re.I), "estimated"),
    (re.compile(r"\b(?:will|would|plans? to|agreed to|promised|pledged?|pledges|prepared to"
                r"|willing to|expected)\b", re.I), "pledged"),
    (re.compile(r"\b(?:allocated|allocations?)\b", re.I), "allocated"),
    (re.compile(r"\b(?:disbursed|paid out)\b", re.I), "delivered"),
    (re.compile(r"\b(?:committed|commitments?|approved|announced|order|ordered"
                r"|appropriated|appropriations?|package contains"
                r"|totalling|confirmed the delivery)\b", re.I), "committed"),
    (re.compile(r"\b(?:in total|total of|estimated total|recruited|joined|dispatched)\b", re.I),
     "cumulative"),
    (re.compile(r"\b(?:serve|serving|are fighting|size|has only|have only)\b", re.I),
     "in_country"),
    (re.compile(r"\b(?:deployed|arrived|training|assembled|moving|to train|sent to)\b", re.I),
     "deployed"),
    (re.compile(r"\b(?:delivered|delivery|supplied|provided|transferred|shipped|handed|received"
                r"|went|sent|given|spent|documented|spotted|shipping|leaving|included|get)\b",
                re.I), "delivered"),
]

RECIPIENT_BEFORE = re.compile(
    r"(?:\bto|\bfor|\binto|\balongside|\bhelp|\bhelping|\bsupport|\bsupporting|\bbolster"
    r"|\bassist|\bjoined)\s+(?:the\s+)?$", re.IGNORECASE)
AGAINST_BEFORE = re.compile(r"\bagainst\s+(?:the\s+)?$", re.IGNORECASE)
SUPPLY_VERB_BEFORE = re.compile(
    r"\b(?:supplied|supply|supplies|supplying|provided|provide|provides|providing|sent|send"
    r"|sends|sending|gave|give|giving"
    r"|given|offer|offered|handed|transferred|shipped|delivered|hand)\s+(?:the\s+)?$",
    re.IGNORECASE)
PROVIDER_BEFORE = re.compile(
    r"\b(?:from|by|leaving|through|via|of)\s+(?:the\s+)?(?:\w+\s+)?(?:port of\s+)?$",
    re.IGNORECASE)
RECEIVER_AFTER = re.compile(
    r"^(?:'s)?(?:\s+(?:forces|army|military|troops))?\s+(?:has |have |had )?(?:also |only |now "
    r"|recently |already |reportedly )?(?:received|receives|recruited|recruits|hired|used|uses"
    r"|fired|obtained|got|gets|launched|acquired|has)\b", re.IGNORECASE)
REPORTER_AFTER = re.compile(rf"^(?:'s|’s)?\s+(?:\w+\s+)?(?:{REPORTER_NOUNS})\b", re.IGNORECASE)
