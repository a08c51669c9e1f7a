"""Hand-labelled source of the claim evaluation set (``eval_set.jsonl`` is generated from it).

Each entry is a real sentence from public reporting, lightly paraphrased, with the outlet and
URL it came from and the claims a careful reader would extract. Labelling conventions (see
docs/claims.md): point figures have low == high and the direction in ``qualifier``; vague
plurals are ``at_least`` twice the multiplier ("millions" = 2,000,000, "several thousand" =
2,000, "hundreds" = 200, "several dozen" = 24); future refusals ("will not send", "no plans to
send") and figures that are not support (launches at Ukraine, countries of origin) are not
claims; pledges are claims with basis ``pledged``/``committed``.

Run ``python tests/claims/eval_source.py`` to regenerate the JSONL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from warledger.vocabulary import default_unit

HERE = Path(__file__).parent


def C(  # noqa: N802 - a compact constructor reads best in the table below
    span: str,
    provider: str,
    recipient: str,
    category: str,
    low: float,
    high: float | None = None,
    qualifier: str = "exact",
    basis: str | None = None,
    ps: str | None = None,
    pe: str | None = None,
    neg: bool = False,
    unit: str | None = None,
) -> dict[str, Any]:
    return {
        "span": span,
        "provider": provider,
        "recipient": recipient,
        "category": category,
        "quantity_low": low,
        "quantity_high": low if high is None else high,
        "qualifier": qualifier,
        "unit": unit or default_unit(category),
        "basis": basis,
        "period_start": ps,
        "period_end": pe,
        "negated": neg,
    }


U_NYT = "https://am1.news/usconservative/topic/nyt/6-slug-ukraine-braces-for-russian-assault-in-kursk-using-north-korean-troops-0"  # noqa: E501
U_CW = "https://conflictwatcher.com/north-korea-ships-13-000-containers-of-artillery-shells-to-russia,7064933422348417a"  # noqa: E501
U_RBC = "https://newsukraine.rbc.ua/news/north-korea-sends-russia-millions-of-shells-1709068934.html"
U_KI = "https://kyivindependent.com/north-korea-could-have-sent-over-6-million-artillery-shells-to-russia-seoul-says/"  # noqa: E501
U_CI = "https://conservativeinsider.org/russia-gets-5-million-artillery-shells-from-north-korea/"
U_UNN = "https://unn.ua/en/news/dprk-sent-more-than-13-thousand-containers-with-weapons-to-russia-south-korean-intelligence"  # noqa: E501
U_OUA = "https://news.online.ua/en/media-reveals-enormous-scale-of-north-koreas-aid-to-russia-892590/"
U_KBSW = "http://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=186245"
U_RU = "https://nachrichtenagentur.radio-utopie.de/newsagency-tags/death-toll-in-north-korea-ukraine-invasion"  # noqa: E501
U_BAB = "https://babel.ua/en/news/93925-white-house-iran-has-supplied-russia-with-almost-400-drones-since-august-2022"  # noqa: E501
U_KIEL = "https://www.ifw-kiel.de/publications/news/european-aid-shows-little-dynamism/"
U_CEN = "https://censor.net/en/news/3486309/european_aid_to_ukraine_has_equaled_us_aid_survey_infographics"  # noqa: E501
U_EMP = "https://euromaidanpress.com/2023/07/08/new-support-commitments-fall-short-for-ukraine-despite-military-offensive-ukraine-support-tracker"  # noqa: E501
U_BAB2 = "https://babel.ua/en/news/112796-the-eu-has-already-handed-over-the-promised-million-shells-to-ukraine"  # noqa: E501
U_247 = "https://247newsreel.com/world/395254.html"
U_112 = "https://speedtest2.112.ua/en/es-gotue-masstabne-zbilsenna-postacanna-snaradiv-dla-ukraini-59720"
U_REP = "https://www.republicworld.com/world-news/russia-ukraine-crisis/ukraine-recieves-18-leopard-2-tanks-from-germany-as-nato-advances-anti-russia-military-aid-articleshow.html"  # noqa: E501
U_N9 = "https://www.news9live.com/videos/world-videos/russia-war-netherlands-denmark-to-send-61-f-16-fighter-jets-to-ukraine-2257169"  # noqa: E501
U_DM = "https://www.defensemirror.com/news/37260/Netherlands_Pledges____300M_Worth_of_Weapons_for_Incoming_Ukrainian_F_16s__Norway_to_Donate_6_Jets"  # noqa: E501
U_RBC2 = "https://newsukraine.rbc.ua/news/russia-recruiting-nepalese-and-cuban-mercenaries-1707852334.html"  # noqa: E501
U_CEN2 = "https://censor.net/en/news/3489068/rosiya_verbuye_na_viyinu_proty_ukrayiny_gromadyan_z_21_krayiny_svitu_forbes"  # noqa: E501
U_24 = "https://www.24ur.com/novice/tujina/rusija-z-obljubami-o-visokem-placilu-na-fronto-novaci-tudi-kubance.html"  # noqa: E501
U_I24 = "https://www.i24news.tv/en/news/international/1708528805-iran-sends-russia-hundreds-of-ballistic-missiles-in-deepening-cooperation"  # noqa: E501
U_IDW = "https://idw-online.de/de/news850744"
U_KIEL22 = "https://www.ifw-kiel.de/publications/media-information/2022/ukraine-support-tracker-us-significantly-expands-support-europe-lags-behind/"  # noqa: E501
U_TW = "https://www.taiwannews.com.tw/en/news/4756714"
U_EX = "repo:src/warledger/web/examples/article-north-korea-and-the-west.txt"
U_KI2 = "https://kyivindependent.com/south-korea-pyongyang-may-send-new-models-of-tactical-guided-missiles-to-russia"  # noqa: E501

# (outlet, url, date, context, text, claims)
ENTRIES: list[tuple[str, str, str | None, str | None, str, list[dict[str, Any]]]] = [
    ("News Pravda (citing NYT)", "https://news-pravda.com/world/2024/10/26/808845.html",
     "2024-10-26", None,
     "A senior Ukrainian official said that up to five thousand North Korean troops are "
     "expected to be assembled in Kursk by Monday.",
     [C("up to five thousand North Korean troops", "PRK", "RUS", "troops", 5000,
        qualifier="up_to", basis="deployed")]),
    ("The New York Times (syndicated)", U_NYT, "2024-10-28", None,
     "The Pentagon said North Korea had now sent about 10,000 soldiers to train in eastern "
     "Russia, with many moving toward the Kursk region.",
     [C("about 10,000 soldiers", "PRK", "RUS", "troops", 10000, qualifier="about",
        basis="deployed")]),
    ("The New York Times (syndicated)", U_NYT, "2024-10-28", None,
     "Ukrainian and American officials said last week that several thousand North Korean "
     "troops had already arrived in the Kursk area.",
     [C("several thousand North Korean troops", "PRK", "RUS", "troops", 2000,
        qualifier="at_least", basis="deployed")]),
    ("The New York Times (syndicated)", U_NYT, "2024-10-28", None,
     "Military experts say that is too small a number to affect the broader battlefield, where "
     "both sides have deployed hundreds of thousands of soldiers.",
     []),
    ("OODA Loop (citing NYT)",
     "https://www.oodaloop.com/briefs/2024/10/28/north-korean-troops-assemble-in-russias-kursk-region-u-s-officials-say/",  # noqa: E501
     "2024-10-28", None,
     "Several thousand North Korean soldiers have arrived in Russia's western Kursk region, "
     "where they are expected to join a coming counteroffensive against Ukraine.",
     [C("Several thousand North Korean soldiers", "PRK", "RUS", "troops", 2000,
        qualifier="at_least", basis="deployed")]),
    ("Rumble (citing New York Post)",
     "https://rumble.com/v5khwst-nato-chief-says-north-korean-troops-have-been-deployed-in-kursk.html",  # noqa: E501
     "2024-10-26", None,
     "The dispatch came after Ukraine and South Korea warned for weeks that North Korean forces "
     "were training alongside Russian soldiers, with Ukraine estimating as many as 12,000 troops "
     "are involved.",
     [C("as many as 12,000 troops", "PRK", "RUS", "troops", 12000, qualifier="up_to",
        basis="deployed")]),
    ("This Is Lagos", "https://thisislagos.ng/tag/north-korea/amp", "2024-10-28", None,
     "North Korea has sent some 10,000 troops to train in Russia, the Pentagon says, more than "
     "tripling the previous estimate.",
     [C("some 10,000 troops", "PRK", "RUS", "troops", 10000, qualifier="about",
        basis="deployed")]),
    ("RBC-Ukraine",
     "https://newsukraine.rbc.ua/news/north-korean-military-begins-coordination-1730133736.html",
     "2024-10-28", None,
     "More than 3,000 mercenaries from North Korea have started their training in the Kursk "
     "region, the Center for National Resistance reported.",
     [C("More than 3,000 mercenaries from North Korea", "PRK", "RUS", "troops", 3000,
        qualifier="more_than", basis="deployed")]),
    ("KBS World", "http://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=181107",
     "2023-10-16", None,
     "The defense ministry estimates that hundreds of thousands of artillery shells could have "
     "been sent to Russia by North Korea, based on the more than one thousand containers shipped "
     "by Pyongyang.",
     [C("hundreds of thousands of artillery shells", "PRK", "RUS", "artillery_shells", 200000,
        qualifier="at_least", basis="estimated"),
      C("more than one thousand containers", "PRK", "RUS", "containers", 1000,
        qualifier="more_than", basis="delivered")]),
    ("Conflict Watcher (citing Yonhap)", U_CW, "2024-08-28", None,
     "North Korea has sent over 13,000 containers to Russia, which could hold about 6 million "
     "artillery shells.",
     [C("over 13,000 containers", "PRK", "RUS", "containers", 13000, qualifier="more_than",
        basis="delivered"),
      C("about 6 million artillery shells", "PRK", "RUS", "artillery_shells", 6e6,
        qualifier="about", basis="estimated")]),
    ("Conflict Watcher (citing Yonhap)", U_CW, "2024-08-28", None,
     "In February, South Korea's defense minister said Pyongyang had sent Russia about 6,700 "
     "containers, which could translate to around 3 million artillery shells.",
     [C("about 6,700 containers", "PRK", "RUS", "containers", 6700, qualifier="about",
        basis="delivered"),
      C("around 3 million artillery shells", "PRK", "RUS", "artillery_shells", 3e6,
        qualifier="about", basis="estimated")]),
    ("RBC-Ukraine", U_RBC, "2024-02-27", None,
     "North Korea has transferred several million artillery rounds to Russia, with over six "
     "thousand containers of ammunition sent in total.",
     [C("several million artillery rounds", "PRK", "RUS", "artillery_shells", 2e6,
        qualifier="at_least", basis="delivered"),
      C("over six thousand containers", "PRK", "RUS", "containers", 6000,
        qualifier="more_than", basis="cumulative")]),
    ("RBC-Ukraine", U_RBC, "2024-02-27", None,
     "Among the 6,700 containers sent from North Korea to Russia, there could be over 3 million "
     "152-millimeter shells and 500,000 122-millimeter shells.",
     [C("6,700 containers", "PRK", "RUS", "containers", 6700, basis="delivered"),
      C("over 3 million 152-millimeter shells", "PRK", "RUS", "artillery_shells", 3e6,
        qualifier="more_than", basis="estimated"),
      C("500,000 122-millimeter shells", "PRK", "RUS", "artillery_shells", 500000,
        basis="estimated")]),
    ("RBC-Ukraine", U_RBC, "2024-02-27",
     "South Korea's defense minister said North Korea may have sent a mix of the two calibres.",
     "You can say that at least several million shells have been sent, the minister clarified.",
     [C("at least several million shells", "PRK", "RUS", "artillery_shells", 2e6,
        qualifier="at_least", basis="delivered")]),
    ("RBC-Ukraine", U_RBC, "2024-02-27", None,
     "The US State Department announced that since September 2023, North Korea had supplied "
     "Russia with over ten thousand containers of ammunition or related materials.",
     [C("over ten thousand containers", "PRK", "RUS", "containers", 10000,
        qualifier="more_than", basis="delivered", ps="2023-09", pe="2024-02")]),
    ("RBC-Ukraine", U_RBC, "2024-02-27", None,
     "As of February 16, Ukraine's prosecutor general said Russian forces had used at least 24 "
     "North Korean ballistic missiles.",
     [C("at least 24 North Korean ballistic missiles", "PRK", "RUS", "ballistic_missiles", 24,
        qualifier="at_least", basis="used", pe="2024-02-16")]),
    ("The Kyiv Independent", U_KI, "2024-08-27", None,
     "North Korea sent containers to Russia that could contain more than 6 million artillery "
     "shells, Yonhap reported, citing a South Korean military intelligence report.",
     [C("more than 6 million artillery shells", "PRK", "RUS", "artillery_shells", 6e6,
        qualifier="more_than", basis="estimated")]),
    ("The Kyiv Independent", U_KI, "2024-08-27", None,
     "Seoul spotted over 13,000 containers being shipped through the North Korean port of Najin "
     "since mid-2022.",
     [C("over 13,000 containers", "PRK", "RUS", "containers", 13000, qualifier="more_than",
        basis="delivered", ps="2022-07", pe="2024-08")]),
    ("The Kyiv Independent", U_KI, "2024-08-27", None,
     "In March, Ukrainian prosecutors reported that Russia had fired around 50 North Korean "
     "ballistic missiles at six Ukrainian oblasts since the start of the full-scale invasion.",
     [C("around 50 North Korean ballistic missiles", "PRK", "RUS", "ballistic_missiles", 50,
        qualifier="about", basis="used")]),
    ("Conservative Insider", U_CI, "2024-06-14", None,
     "South Korea's defense minister said he believes North Korea sent containers holding nearly "
     "5 million artillery shells to Russia.",
     [C("nearly 5 million artillery shells", "PRK", "RUS", "artillery_shells", 5e6,
        qualifier="about", basis="estimated")]),
    ("Conservative Insider", U_CI, "2024-06-14",
     "South Korea's defense minister said North Korea sent containers of shells to Russia.",
     "He said at least 10,000 containers likely full of artillery shells were spotted leaving "
     "North Korea en route to Russia.",
     [C("at least 10,000 containers", "PRK", "RUS", "containers", 10000,
        qualifier="at_least", basis="delivered")]),
    ("Conservative Insider", U_CI, "2024-06-14", None,
     "By comparison, the United States has only provided 300,000 artillery shells to Ukraine.",
     [C("300,000 artillery shells", "USA", "UKR", "artillery_shells", 300000,
        basis="delivered")]),
    ("UNN (citing Newsweek)", U_UNN, "2024-08-28", None,
     "Since mid-2022, North Korea has shipped 13,000 sea containers to Russia that could "
     "contain weapons.",
     [C("13,000 sea containers", "PRK", "RUS", "containers", 13000, basis="delivered",
        ps="2022-07", pe="2024-08")]),
    ("UNN (citing Newsweek)", U_UNN, "2024-08-28", None,
     "Through the eastern port of Najin, the DPRK could have transferred more than 6 million "
     "152 mm artillery shells to Russia.",
     [C("more than 6 million 152 mm artillery shells", "PRK", "RUS", "artillery_shells", 6e6,
        qualifier="more_than", basis="estimated")]),
    ("online.ua (summarising Reuters)", U_OUA, "2025-04-16", None,
     "Four Russian-flagged ships made 64 voyages between North Korea's Rajin port and Russia "
     "between September 2023 and March 2025.",
     [C("64 voyages", "PRK", "RUS", "voyages", 64, basis="delivered", ps="2023-09",
        pe="2025-03")]),
    ("online.ua (summarising Reuters)", U_OUA, "2025-04-16", None,
     "Nearly 16,000 containers of North Korean shells and other munitions were documented.",
     [C("Nearly 16,000 containers", "PRK", "RUS", "containers", 16000, qualifier="about",
        basis="delivered")]),
    ("online.ua (summarising Reuters)", U_OUA, "2025-04-16", None,
     "Analysts set a conservative range of 4 to 6 million artillery shells sent by North Korea.",
     [C("4 to 6 million artillery shells", "PRK", "RUS", "artillery_shells", 4e6, 6e6,
        qualifier="range", basis="estimated")]),
    ("KBS News", "https://news.kbs.co.kr/news/pc/view/view.do?ncd=8229328", "2025-04-16", None,
     "The number of North Korean troops dispatched to Russia is estimated at 14,000.",
     [C("North Korean troops dispatched to Russia is estimated at 14,000", "PRK", "RUS",
        "troops", 14000, qualifier="about", basis="cumulative")]),
    ("Reuters (via mixedtimes mirror)", "https://news.mixedtimes.com/6XYA", "2025-04", None,
     "North Korea has sent an estimated total of 14,000 troops, including 3,000 reinforcements "
     "to replace losses.",
     [C("an estimated total of 14,000 troops", "PRK", "RUS", "troops", 14000,
        qualifier="about", basis="cumulative"),
      C("3,000 reinforcements", "PRK", "RUS", "troops", 3000, basis="deployed")]),
    ("KBS World (citing The Washington Post)", U_KBSW, "2024-06-24", None,
     "More than 74 thousand tons of explosives went to Russia from North Korea from August 2023 "
     "to January 2024.",
     [C("More than 74 thousand tons of explosives", "PRK", "RUS", "explosives", 74000,
        qualifier="more_than", basis="delivered", ps="2023-08", pe="2024-01")]),
    ("KBS World (citing The Washington Post)", U_KBSW, "2024-06-24",
     "More than 74 thousand tons of explosives went to Russia from North Korea.",
     "That is equivalent to about 1.6 million artillery shells of the type Russia uses.",
     [C("about 1.6 million artillery shells", "PRK", "RUS", "artillery_shells", 1.6e6,
        qualifier="about", basis="estimated")]),
    ("KBS World (citing The Washington Post)", U_KBSW, "2024-06-24",
     "North Korea has been shipping munitions to Russia by sea.",
     "RUSI found 27 shipments between Rajin and two Russian ports over roughly the same period.",
     [C("27 shipments", "PRK", "RUS", "voyages", 27, basis="delivered")]),
    ("radio-utopie (news agency feed)", U_RU, "2025-01", None,
     "An estimated 10,000 to 12,000 North Korean soldiers were sent to the Kursk region.",
     [C("An estimated 10,000 to 12,000 North Korean soldiers", "PRK", "RUS", "troops", 10000,
        12000, qualifier="range", basis="deployed")]),
    ("radio-utopie (news agency feed)", U_RU, "2025-01", None,
     "Zelensky said over 3,000 North Korean soldiers had been killed or wounded in the Kursk "
     "fighting.",
     [C("over 3,000 North Korean soldiers", "PRK", "RUS", "casualties", 3000,
        qualifier="more_than", basis="cumulative")]),
    ("turkiyescoop (citing a South Korean lawmaker)", "https://turkiyescoop.com/?p=5754", None,
     None,
     "Around 10,900 North Korean troops are deployed in Kursk alongside Russian airborne units "
     "and marines.",
     [C("Around 10,900 North Korean troops", "PRK", "RUS", "troops", 10900, qualifier="about",
        basis="deployed")]),
    ("newsdirectory3",
     "https://www.newsdirectory3.com/russias-bold-move-troops-relocated-from-north-korea-to-kursk-whats-next",  # noqa: E501
     "2024-10", None,
     "US officials initially estimated that about 3,000 North Korean personnel were training in "
     "Russia.",
     [C("about 3,000 North Korean personnel", "PRK", "RUS", "troops", 3000, qualifier="about",
        basis="deployed")]),
    ("babel.ua (citing AP)", U_BAB, "2023-05-15", None,
     "Since August 2022, Iran has provided Russia with more than 400 drones, mostly of the "
     "Shahed type, White House spokesman John Kirby said.",
     [C("more than 400 drones", "IRN", "RUS", "drones", 400, qualifier="more_than",
        basis="delivered", ps="2022-08", pe="2023-05")]),
    ("babel.ua (citing WSJ)", U_BAB, None, None,
     "Iran has transferred 300,000 artillery shells to Russia over the past six months, the Wall "
     "Street Journal wrote.",
     [C("300,000 artillery shells", "IRN", "RUS", "artillery_shells", 300000,
        basis="delivered")]),
    ("Al Arabiya (citing CNN)",
     "https://english.alarabiya.net/News/middle-east/2022/11/01/Iran-prepared-to-send-1-000-weapons-including-missiles-drones-to-Russia-Report",  # noqa: E501
     "2022-11-01", None,
     "Iran's previous shipment to Russia included 450 drones, officials of a Western country "
     "told CNN.",
     [C("450 drones", "IRN", "RUS", "drones", 450, basis="delivered")]),
    ("babel.ua (citing Radio Liberty)",
     "https://babel.ua/en/news/88631-iranian-general-says-their-drones-are-effective-in-response-to-allegations-of-supplying-drones-to-russia",  # noqa: E501
     "2022-12-25", None,
     "The first batch of Iranian Shahed-136 drones sent to Russia was about 400 drones.",
     [C("about 400 drones", "IRN", "RUS", "drones", 400, qualifier="about",
        basis="delivered")]),
    ("Iran Watch (citing NYT)",
     "https://www.iranwatch.org/news-brief/first-shipment-iranian-military-drones-arrives-russia",
     "2022-08-29", None,
     "Russian transport aircraft delivered the first installment of Iranian-made combat drones "
     "to Russia, part of an order totalling hundreds of drones.",
     [C("hundreds of drones", "IRN", "RUS", "drones", 200, qualifier="at_least",
        basis="committed")]),
    ("Newsmax (citing NYT)",
     "https://newsmax.com/amp/newsfront/biden-administration-iran-russia/2022/07/18/id/1079252",
     "2022-07-18", None,
     "Other U.S. officials said Iran was prepared to provide Moscow with up to 300 remotely "
     "piloted aircraft.",
     [C("up to 300 remotely piloted aircraft", "IRN", "RUS", "drones", 300,
        qualifier="up_to", basis="pledged")]),
    ("Strategic Study India (citing FDD)",
     "https://strategicstudyindia.com/2024/10/irans-ballistic-missile-gift-to.html?m=0",
     "2024-10", None,
     "Various media outlets, citing unnamed Ukrainian officials, reported that Russia received "
     "more than 200 Fath-360 missiles from Iran.",
     [C("more than 200 Fath-360 missiles", "IRN", "RUS", "ballistic_missiles", 200,
        qualifier="more_than", basis="delivered")]),
    ("i24NEWS (citing Reuters)", U_I24, "2024-02-21", None,
     "According to six sources cited by Reuters, Tehran has provided Moscow with around 400 "
     "surface-to-surface ballistic missiles, including Fateh-110 variants.",
     [C("around 400 surface-to-surface ballistic missiles", "IRN", "RUS",
        "ballistic_missiles", 400, qualifier="about", basis="delivered")]),
    ("i24NEWS (citing Reuters)", U_I24, "2024-02-21", None,
     "An Iranian military official confirmed there had been at least four shipments of missiles "
     "to Russia, with more expected.",
     [C("at least four shipments", "IRN", "RUS", "voyages", 4, qualifier="at_least",
        basis="delivered")]),
    ("Avia-pro (citing Sky News)",
     "https://avia-pro.fr/news/iran-peredal-rossii-220-ballisticheskih-raket-maloy-dalnosti",
     None, None,
     "Iran has reportedly transferred 220 short-range ballistic missiles to Russia across the "
     "Caspian Sea, Sky News reported.",
     [C("220 short-range ballistic missiles", "IRN", "RUS", "ballistic_missiles", 220,
        basis="delivered")]),
    ("bytesde (citing Yonhap)", "https://bytesde.com/599394", "2024", None,
     "Ukraine's military intelligence said North Korea had supplied about 100 KN-23 and KN-24 "
     "short-range ballistic missiles to Russia.",
     [C("about 100 KN-23 and KN-24 short-range ballistic missiles", "PRK", "RUS",
        "ballistic_missiles", 100, qualifier="about", basis="delivered")]),
    ("vesti.org.ua (citing NYT)", "https://vesti.org.ua/en/news/kndr-nezabarom-napravit-pdkrplennya-v-ku-1",  # noqa: E501
     "2025-02-15", None,
     "Last fall, North Korea sent approximately 11,000 soldiers to help Moscow's forces in the "
     "Kursk region.",
     [C("approximately 11,000 soldiers", "PRK", "RUS", "troops", 11000, qualifier="about",
        basis="deployed", ps="2024-09", pe="2024-11")]),
    ("vesti.org.ua (citing NYT)", "https://vesti.org.ua/en/news/kndr-nezabarom-napravit-pdkrplennya-v-ku-1",  # noqa: E501
     "2025-02-15",
     "Even before it sent troops, North Korea was a major sponsor of Russia's military efforts.",
     "It sent millions of artillery shells to Moscow and over 100 short-range ballistic "
     "missiles.",
     [C("millions of artillery shells", "PRK", "RUS", "artillery_shells", 2e6,
        qualifier="at_least", basis="delivered"),
      C("over 100 short-range ballistic missiles", "PRK", "RUS", "ballistic_missiles", 100,
        qualifier="more_than", basis="delivered")]),
    ("jara.news (citing NYT)",
     "https://jara.news/troops-detained-in-ukraine-give-rare-glimpse-into-north-koreas-military-2/",
     "2025-01-13", None,
     "South Korea's intelligence service estimates that 300 North Korean soldiers have been "
     "killed and 2,700 others wounded in battles against Ukraine.",
     [C("300 North Korean soldiers", "PRK", "RUS", "casualties", 300, basis="cumulative"),
      C("2,700 others wounded", "PRK", "RUS", "casualties", 2700, basis="cumulative")]),
    ("tvnewslies (citing The Guardian)",
     "http://tvnewslies.com/tvnl/index.php/news/international/67640-ukraine-war-briefing-human-wave-of-north-korean-troops-being-sent-to-their-deaths-says-us.html",  # noqa: E501
     "2024-12-28", None,
     "Kirby estimated that Pyongyang suffered more than 1,000 killed or wounded in just the "
     "past week.",
     [C("more than 1,000 killed or wounded", "PRK", "RUS", "casualties", 1000,
        qualifier="more_than")]),
    ("Newsweek (search digest)",
     "https://wwe.cde3.dns-dynamic.net/news/search?form=000155&newsse=1&q=Ukraine+North+Korea",
     "2024-12-23", None,
     "South Korea's joint chiefs said North Korean troops who engaged in combat with Ukrainian "
     "forces have suffered around 1,100 casualties.",
     [C("around 1,100 casualties", "PRK", "RUS", "casualties", 1100, qualifier="about",
        basis="cumulative")]),
    ("MENAFN (Ukrinform)",
     "https://menafn.com/1108944269/Zelensky-Confirms-First-DPRK-Military-Deaths-In-Russia-To-Japanese-News-Agency",  # noqa: E501
     "2024-12-01", None,
     "According to Zelensky, Kyiv has evidence that about 12,000 North Korean soldiers have been "
     "deployed.",
     [C("about 12,000 North Korean soldiers", "PRK", "RUS", "troops", 12000,
        qualifier="about", basis="deployed")]),
    ("Kiel Institute", U_KIEL, "2024-04-25", None,
     "As of February 29, European donors and the EU have allocated a total of EUR 89.9 billion "
     "in military, humanitarian and financial aid since Russia's invasion of Ukraine.",
     [C("EUR 89.9 billion", "EUROPE", "UKR", "total_aid_value", 89.9e9,
        basis="allocated", pe="2024-02-29")]),
    ("Kiel Institute", U_KIEL, "2024-04-25",
     "As of February 29, European donors and the EU have allocated a total of EUR 89.9 billion "
     "in aid.",
     "The US has allocated EUR 67 billion.",
     [C("EUR 67 billion", "USA", "UKR", "total_aid_value", 67e9, basis="allocated")]),
    ("Kiel Institute", U_KIEL, "2024-04-25", None,
     "With EUR 2.4 billion, Germany has announced its largest military aid package since almost "
     "a year.",
     [C("EUR 2.4 billion", "DEU", "UKR", "military_aid_value", 2.4e9, basis="committed")]),
    ("Kiel Institute", U_KIEL, "2024-04-25", None,
     "With EUR 0.7 billion, Sweden has allocated its largest military package ever.",
     [C("EUR 0.7 billion", "SWE", "UKR", "military_aid_value", 0.7e9, basis="allocated")]),
    ("Censor.NET (citing Kiel)", U_CEN, "2024-04-25", None,
     "Since the start of the full-scale invasion, European military support has reached EUR 42 "
     "billion in allocations, almost equal to the US allocation of EUR 43.1 billion.",
     [C("European military support has reached EUR 42 billion", "EUROPE", "UKR",
        "military_aid_value", 42e9, basis="allocated"),
      C("US allocation of EUR 43.1 billion", "USA", "UKR", "military_aid_value", 43.1e9,
        basis="allocated")]),
    ("Censor.NET (citing Kiel)", U_CEN, "2024-04-25", None,
     "The Netherlands (EUR 0.5 billion) and the United Kingdom (EUR 0.4 billion) also provided "
     "large amounts of military aid.",
     [C("EUR 0.5 billion", "NLD", "UKR", "military_aid_value", 0.5e9, basis="allocated"),
      C("EUR 0.4 billion", "GBR", "UKR", "military_aid_value", 0.4e9, basis="allocated")]),
    ("Kiel Institute", U_KIEL, "2024-04-25", None,
     "According to our preliminary assessment, the new US package contains approximately EUR 23 "
     "billion in military aid that will go to Ukraine.",
     [C("approximately EUR 23 billion in military aid", "USA", "UKR", "military_aid_value",
        23e9, qualifier="about", basis="committed")]),
    ("Kiel Institute",
     "https://www.ifw-kiel.de/publications/news/ukraine-support-tracker-new-aid-drops-to-lowest-level-since-january-2022/",  # noqa: E501
     "2023-12-07", None,
     "Denmark, Germany and Norway have delivered EUR 1.2 billion, EUR 1 billion and EUR 662 "
     "million of military assistance, respectively, in the past 3 months.",
     [C("EUR 1.2 billion", "DNK", "UKR", "military_aid_value", 1.2e9, basis="delivered"),
      C("EUR 1 billion", "DEU", "UKR", "military_aid_value", 1e9, basis="delivered"),
      C("EUR 662 million", "NOR", "UKR", "military_aid_value", 662e6, basis="delivered")]),
    ("Euromaidan Press (citing Kiel)", U_EMP, "2023-07-08", None,
     "Germany increased its military pledges by EUR 3.26 billion, bringing the total to EUR 7.5 "
     "billion.",
     [C("EUR 3.26 billion", "DEU", "UKR", "military_aid_value", 3.26e9, basis="pledged"),
      C("EUR 7.5 billion", "DEU", "UKR", "military_aid_value", 7.5e9, basis="pledged")]),
    ("Euromaidan Press (citing Kiel)", U_EMP, "2023-07-08", None,
     "Poland committed two new military aid packages worth a combined EUR 581 million, including "
     "14 MiG-29 fighter jets.",
     [C("EUR 581 million", "POL", "UKR", "military_aid_value", 581e6, basis="committed"),
      C("14 MiG-29 fighter jets", "POL", "UKR", "aircraft", 14, basis="committed")]),
    ("Euromaidan Press (citing Kiel)", U_EMP, "2023-07-08", None,
     "The EU expanded the European Peace Facility with two additional tranches worth EUR 1 "
     "billion each, totaling EUR 5.6 billion.",
     [C("totaling EUR 5.6 billion", "EU", "UKR", "military_aid_value", 5.6e9,
        basis="committed")]),
    ("babel.ua (citing DW)",
     "https://babel.ua/en/news/97307-the-eu-handed-ukraine-224-000-artillery-shells-within-the-planned-million",  # noqa: E501
     "2023-08-12", None,
     "As part of the plan to give Ukraine a million artillery shells within a year, the European "
     "Union has already handed over 223,800 shells and 2,300 missiles of various types.",
     [C("a million artillery shells", "EU", "UKR", "artillery_shells", 1e6, basis="pledged"),
      C("223,800 shells", "EU", "UKR", "artillery_shells", 223800, basis="delivered")]),
    ("babel.ua", U_BAB2, "2024-11-18", None,
     "The European Union has handed over the promised million rounds of ammunition to Ukraine, "
     "the EU's foreign policy chief Josep Borrell said.",
     [C("million rounds of ammunition", "EU", "UKR", "artillery_shells", 1e6,
        basis="delivered")]),
    ("babel.ua", U_BAB2, "2024-11-18",
     "The European Union has handed over the promised million rounds of ammunition to Ukraine.",
     "He noted that the EU has already transferred weapons worth EUR 45 billion to Ukraine.",
     [C("weapons worth EUR 45 billion", "EU", "UKR", "military_aid_value", 45e9,
        basis="delivered")]),
    ("babel.ua", U_BAB2, "2024-11-18", None,
     "On November 11, 2024, it became known that the EU had already handed Ukraine over 980,000 "
     "shells out of the promised million.",
     [C("over 980,000 shells", "EU", "UKR", "artillery_shells", 980000,
        qualifier="more_than", basis="delivered")]),
    ("babel.ua", U_BAB2, "2024-11-18", None,
     "In February 2024, the Czech Republic announced that it had found a way to get 800,000 "
     "shells for Ukraine, but they must be bought.",
     [C("800,000 shells", "CZE", "UKR", "artillery_shells", 800000, basis="pledged")]),
    ("247 News Reel (citing AFP)", U_247, "2023-03-20", None,
     "The member states of the European Union have agreed to supply Ukraine with one million "
     "artillery shells within 12 months.",
     [C("one million artillery shells", "EUROPE", "UKR", "artillery_shells", 1e6,
        basis="pledged")]),
    ("247 News Reel (citing AFP)", U_247, "2023-03-20", None,
     "The EU on Monday approved the allocation of 2 billion euros for the purchase and delivery "
     "of artillery ammunition to Ukraine.",
     [C("2 billion euros", "EU", "UKR", "military_aid_value", 2e9, basis="committed")]),
    ("Warsaw Point", "https://warsawpoint.com/news/53692-eu-provides-220000-artillery-shells-for-ukraine-borrell.html",  # noqa: E501
     "2023-05-23", None,
     "The European Union has provided 220,000 artillery shells to Ukraine under a scheme "
     "launched two months ago, Josep Borrell said.",
     [C("220,000 artillery shells", "EU", "UKR", "artillery_shells", 220000,
        basis="delivered")]),
    ("Today Times Live (citing Krone)", "https://todaytimeslive.com/world/376012.html",
     "2023-08-12", None,
     "Since the war began, the EU and its member states have spent a total of about EUR 20 "
     "billion on all kinds of arms supplies to Ukraine.",
     [C("about EUR 20 billion", "EUROPE", "UKR", "military_aid_value", 20e9,
        qualifier="about", basis="delivered")]),
    ("112 Ukraine", U_112, "2025-06-20", None,
     "EU foreign policy chief Kaja Kallas announced the delivery of 2 million artillery shells "
     "to Ukraine by the end of 2025.",
     [C("2 million artillery shells", "EU", "UKR", "artillery_shells", 2e6, basis="pledged",
        pe="2025-12")]),
    ("112 Ukraine", U_112, "2025-06-20", None,
     "Norway has also joined in funding the procurement of shells and has allocated over 400 "
     "million euros.",
     [C("over 400 million euros", "NOR", "UKR", "military_aid_value", 400e6,
        qualifier="more_than", basis="allocated")]),
    ("Republic World", U_REP, "2023-03-28", None,
     "Berlin has confirmed the delivery of 18 Leopard 2 tanks to Ukraine.",
     [C("18 Leopard 2 tanks", "DEU", "UKR", "armored_vehicles", 18, basis="delivered")]),
    ("Republic World", U_REP, "2023-03-28", None,
     "US President Joe Biden on January 25, 2023, committed to supplying Ukraine with 31 M1 "
     "Abrams tanks.",
     [C("31 M1 Abrams tanks", "USA", "UKR", "armored_vehicles", 31, basis="committed")]),
    ("ovalcircle.info", "http://ovalcircle.info/?p=71870", "2023-02-07", None,
     "The German government approved the export of up to 187 Leopard 1 tanks to Ukraine.",
     [C("up to 187 Leopard 1 tanks", "DEU", "UKR", "armored_vehicles", 187,
        qualifier="up_to", basis="committed")]),
    ("togethermag.gr", "https://togethermag.gr/?p=41236", "2023-01-27", None,
     "The US announced it would deliver 31 Abrams tanks, Germany said it would contribute 14, "
     "and the Netherlands would give 18.",
     [C("31 Abrams tanks", "USA", "UKR", "armored_vehicles", 31, basis="pledged"),
      C("contribute 14", "DEU", "UKR", "armored_vehicles", 14, basis="pledged"),
      C("give 18", "NLD", "UKR", "armored_vehicles", 18, basis="pledged")]),
    ("News9 Live", U_N9, "2023-08-21", None,
     "Denmark agreed to deliver 19 F-16 jets in total.",
     [C("19 F-16 jets", "DNK", "UKR", "aircraft", 19, basis="pledged")]),
    ("News9 Live", U_N9, "2023-08-21", None,
     "The first batch of six F-16s from Denmark will arrive in Ukraine around New Year.",
     [C("six F-16s", "DNK", "UKR", "aircraft", 6, basis="pledged")]),
    ("Defense Mirror", U_DM, "2024-07-12", None,
     "Norway has committed to donating six F-16 jets to Ukraine.",
     [C("six F-16 jets", "NOR", "UKR", "aircraft", 6, basis="committed")]),
    ("Defense Mirror", U_DM, "2024-07-12", None,
     "The Netherlands plans to transfer 24 Dutch F-16s directly to Ukraine.",
     [C("24 Dutch F-16s", "NLD", "UKR", "aircraft", 24, basis="pledged")]),
    ("Defense Mirror", U_DM, "2024-07-12", None,
     "NATO leaders, in a joint declaration, pledged EUR 40 billion in military aid to Ukraine.",
     [C("EUR 40 billion in military aid", "NATO", "UKR", "military_aid_value", 40e9,
        basis="pledged")]),
    ("Pravda.sk (citing WSJ)",
     "https://spravy.pravda.sk/svet/clanok/669928-ukrajina-by-podla-zelenskeho-potrebovala-50-systemov-patriot-ma-ich-vsak-len-dva/",  # noqa: E501
     "2023-06", None,
     "Ukraine has only two American Patriot air defense systems but would need 50, President "
     "Zelensky told the Wall Street Journal.",
     [C("two American Patriot air defense systems", "USA", "UKR", "air_defense_systems", 2,
        basis="in_country")]),
    ("stocks.news",
     "https://app.stocks.news/amp/news/ukraine-to-receive-new-patriot-air-defense-system-in-79bn-us-package",  # noqa: E501
     "2024-09-26", None,
     "The U.S. will offer Ukraine an extra Patriot air defense system in a $7.9 billion aid "
     "package.",
     [C("an extra Patriot air defense system", "USA", "UKR", "air_defense_systems", 1,
        basis="pledged"),
      C("$7.9 billion aid package", "USA", "UKR", "total_aid_value", 7.9e9, basis="pledged",
        unit="USD")]),
    ("Wikipedia (archived 2022-03-23)",
     "https://webarchiveweb.wayback.bac-lac.canada.ca/web/20220323083134/https://en.wikipedia.org/wiki/International_Legion_of_Territorial_Defense_of_Ukraine",  # noqa: E501
     "2022-03-23", None,
     "Foreign Minister Dmytro Kuleba said that more than 20,000 volunteers from 52 countries had "
     "volunteered to fight for Ukraine.",
     [C("more than 20,000 volunteers", "FOREIGN", "UKR", "volunteers", 20000,
        qualifier="more_than", basis="pledged")]),
    ("wikizero mirror of Wikipedia", "https://wikizero.net/wiki/en/International_Legion_(Ukraine)",
     "2024", None,
     "The International Legion's size has been given as 1,500 to 30,000 fighters in 2022-2023.",
     [C("1,500 to 30,000 fighters", "FOREIGN", "UKR", "volunteers", 1500, 30000,
        qualifier="range", basis="in_country", ps="2022", pe="2023")]),
    ("Wikipedia (revision of 2022-11-29)",
     "http://en.wikipedia.org/wiki/International_Legion_of_Territorial_Defence_of_Ukraine?ns=0&oldid=1124585217",  # noqa: E501
     "2022-11-29", None,
     "As of November 2022, volunteers for the legion were recruited from 60 countries.",
     []),
    ("RBC-Ukraine", U_RBC2, "2024-02-13", None,
     "Opposition MP Bimala Rai Paudyal said that between 14,000 and 15,000 Nepalese are "
     "fighting on the front lines for Russia.",
     [C("between 14,000 and 15,000 Nepalese", "NPL", "RUS", "volunteers", 14000, 15000,
        qualifier="range", basis="in_country")]),
    ("bushdrum (Percepticon)", "https://bushdrum.com/author?bsky_handle=percepticon.bsky.social",
     "2025-11-20", None,
     "As of November 2025, Russia has recruited over 18,000 foreigners from 128 countries to "
     "fight against Ukraine.",
     [C("over 18,000 foreigners", "FOREIGN", "RUS", "volunteers", 18000,
        qualifier="more_than", basis="cumulative", pe="2025-11")]),
    ("babel.ua (citing Reuters)",
     "https://babel.ua/en/news/101389-nepal-demands-that-russia-stop-recruiting-its-citizens-for-the-war-against-ukraine",  # noqa: E501
     "2023-12-05", None,
     "Nepal is trying to bring home 150 to 200 Nepalese who were recruited into the Russian "
     "army.",
     [C("150 to 200 Nepalese", "NPL", "RUS", "volunteers", 150, 200, qualifier="range",
        basis="in_country")]),
    ("Censor.NET (citing Forbes)", U_CEN2, "2024-05-13", None,
     "Russia has recently hired and sent at least 35 Indian citizens to the war.",
     [C("at least 35 Indian citizens", "IND", "RUS", "volunteers", 35, qualifier="at_least",
        basis="deployed")]),
    ("Censor.NET (citing Forbes)", U_CEN2, "2024-05-13",
     "Nepal suspended work permits for Russia after at least 10 Nepalese were killed at the "
     "front.",
     "About 200 citizens of the Himalayan country serve in the Russian army, and almost 100 more "
     "are missing.",
     [C("About 200 citizens of the Himalayan country", "NPL", "RUS", "volunteers", 200,
        qualifier="about", basis="in_country")]),
    ("24ur.com (citing CNN)", U_24, "2024-05", None,
     "Approximately 15,000 Nepali men have joined the Russian army, several sources told CNN.",
     [C("Approximately 15,000 Nepali men", "NPL", "RUS", "volunteers", 15000,
        qualifier="about", basis="cumulative")]),
    ("24ur.com (citing BBC)", U_24, "2024-05", None,
     "Passport data of more than 200 Cubans who allegedly joined the Russian army leaked online.",
     [C("more than 200 Cubans", "CUB", "RUS", "volunteers", 200, qualifier="more_than",
        basis="cumulative")]),
    ("StrategyPage", "https://strategypage.com/htmw/htinf/articles/20240226.aspx", "2024-02-26",
     "Russia was unable to recruit, mobilize or conscript enough Russians to fight in Ukraine.",
     "One solution was recruiting 15,000 Nepalese men to fight in Ukraine.",
     [C("15,000 Nepalese men", "NPL", "RUS", "volunteers", 15000, basis="cumulative")]),
    ("Semafor", "https://www.semafor.com/article/02/27/2024/nato-says-no-plans-to-send-troops-to-ukraine",  # noqa: E501
     "2024-02-27", None,
     "NATO said it had no plans to send combat troops to Ukraine, a day after Macron said the "
     "idea could not be ruled out.",
     []),
    ("The Sydney Morning Herald (AP)",
     "https://www.smh.com.au/world/europe/europe-us-nato-shoot-down-macron-s-suggestion-of-ground-troops-for-ukraine-20240228-p5f8gl.html",  # noqa: E501
     "2024-02-28", None,
     "Germany and Poland, the United States and NATO have affirmed they will not be sending "
     "troops to Ukraine.",
     []),
    ("AeroTime (citing Reuters)",
     "https://aerotime.aero/articles/32580-iran-admits-it-supplied-russia-with-shahed-drones",
     "2022-11-07", None,
     "We shoot down at least ten Iranian drones every day, Zelensky said.",
     []),
    ("The Kyiv Independent", U_KI2, "2024-01-11", None,
     "The Wall Street Journal and the Washington Post reported that Moscow had received several "
     "dozen ballistic missiles from Pyongyang.",
     [C("several dozen ballistic missiles", "PRK", "RUS", "ballistic_missiles", 24,
        qualifier="at_least", basis="delivered")]),
    ("The Kyiv Independent", U_KI2, "2024-01-11", None,
     "The U.S. and nearly 50 allies published a joint statement on Jan. 9 condemning North "
     "Korea's transfer of ballistic missiles to Russia.",
     []),
    ("Caliber.az (citing Yonhap)",
     "https://caliber.az/en/post/north-korea-may-supply-tactical-guided-missiles-to-russia-defence-chief",  # noqa: E501
     "2024-01-11", None,
     "North Korea is estimated to have provided around 5,000 containers of weapons to Russia as "
     "of the end of December.",
     [C("around 5,000 containers", "PRK", "RUS", "containers", 5000, qualifier="about",
        basis="delivered")]),
    ("Ukrainska Pravda (citing Reuters)", "https://www.pravda.com.ua/eng/news/2024/09/21/7476163/",
     "2024-09-21", None,
     "Iran did not supply Russia with the mobile launchers required to deploy the Fath-360 "
     "ballistic missiles.",
     []),
    ("Ukrainska Pravda (citing Reuters)", "https://www.pravda.com.ua/eng/news/2024/09/21/7476163/",
     "2024-09-21", None,
     "So far, Iran has contributed to the Kremlin's war effort by providing hundreds of drones "
     "and artillery ammunition.",
     [C("hundreds of drones", "IRN", "RUS", "drones", 200, qualifier="at_least",
        basis="delivered")]),
    ("idw-online (Kiel Institute press release)", U_IDW, "2025-04", None,
     "Europe has allocated EUR 138 billion since the start of the war, EUR 23 billion more than "
     "the US.",
     [C("EUR 138 billion", "EUROPE", "UKR", "total_aid_value", 138e9, basis="allocated")]),
    ("idw-online (Kiel Institute press release)", U_IDW, "2025-04", None,
     "The last US package, on January 9, 2025, contained EUR 480 million (USD 500 million) in "
     "military aid.",
     [C("EUR 480 million", "USA", "UKR", "military_aid_value", 480e6, basis="committed"),
      C("USD 500 million", "USA", "UKR", "military_aid_value", 500e6, basis="committed",
        unit="USD")]),
    ("Kiel Institute", U_KIEL22, "2022-10-11", None,
     "US commitments reached just over EUR 52 billion in military, financial and humanitarian "
     "aid.",
     [C("just over EUR 52 billion", "USA", "UKR", "total_aid_value", 52e9,
        qualifier="more_than", basis="committed")]),
    ("Kiel Institute", U_KIEL22, "2022-10-11", None,
     "German weapon commitments stood unchanged at EUR 1.2 billion.",
     [C("EUR 1.2 billion", "DEU", "UKR", "military_aid_value", 1.2e9, basis="committed")]),
    ("Taiwan News (DW)", U_TW, "2023-01-04", None,
     "The biggest challenge is separating the value of military aid from the EUR 100 billion "
     "total of Western aid given or pledged to Ukraine so far.",
     [C("EUR 100 billion total of Western aid", "WEST", "UKR", "total_aid_value", 100e9,
        basis="pledged")]),
    ("Taiwan News (DW)", U_TW, "2023-01-04", None,
     "So far, 30 of these Gepard tanks have been delivered from Germany.",
     [C("30 of these Gepard tanks", "DEU", "UKR", "armored_vehicles", 30,
        basis="delivered")]),
    ("opinion article (bundled example)", U_EX, None, None,
     "North Korea has sent 17,000 combat troops to fight for Russia in the ongoing conflict in "
     "Ukraine.",
     [C("17,000 combat troops", "PRK", "RUS", "troops", 17000, basis="deployed")]),
    ("opinion article (bundled example)", U_EX, None, None,
     "The West, on the other hand, has not sent any official military troops to fight alongside "
     "Ukraine.",
     [C("has not sent any official military troops", "WEST", "UKR", "troops", 0,
        basis="deployed", neg=True)]),
    ("opinion article (bundled example)", U_EX, None, None,
     "However, the narrative that the West has offered zero support to Ukraine is demonstrably "
     "false.",
     [C("zero support", "WEST", "UKR", "total_aid_value", 0, neg=True)]),
    ("opinion article (bundled example)", U_EX, None, None,
     "Conversely, it appears there's no comparable influx of Western volunteers fighting for "
     "Russia.",
     [C("no comparable influx of Western volunteers", "WEST", "RUS", "volunteers", 0,
        neg=True)]),
    ("opinion article (bundled example)", U_EX, None,
     "A Reuters investigation reveals the extent of North Korea's military support for Russia's "
     "war in Ukraine.",
     "This aid includes millions of artillery shells shipped in 64 voyages over 20 months.",
     [C("millions of artillery shells", "PRK", "RUS", "artillery_shells", 2e6,
        qualifier="at_least", basis="delivered"),
      C("64 voyages", "PRK", "RUS", "voyages", 64, basis="delivered")]),
]


def build() -> list[dict[str, Any]]:
    rows = []
    for i, (outlet, url, date, context, text, claims) in enumerate(ENTRIES, start=1):
        out_claims = []
        for claim in claims:
            claim = dict(claim)
            span = claim.pop("span")
            start = text.find(span)
            if start < 0:
                raise ValueError(f"span {span!r} not in sentence {i}: {text!r}")
            out_claims.append({"text": span, "start": start, "end": start + len(span), **claim})
        rows.append({"id": f"s{i:03d}", "outlet": outlet, "url": url, "date": date,
                     "context": context, "text": text, "claims": out_claims})
    return rows


def main() -> None:
    rows = build()
    with (HERE / "eval_set.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
