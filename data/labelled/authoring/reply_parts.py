"""Hand-written pieces of agent replies, each tagged with the behaviours it shows.

Flags (see ../../../../shared/reference/behaviour-guidelines.md): E explores, A acknowledges
emotion, M mirrors the problem, T takes action, G generic sympathy, R rude. A composed
reply's labels are the union of its parts' flags; over-apologising is counted from the
finished text (see compose.py). Slots: {adj} {person} {noun} (the customer's feeling),
{problem} {request} {thing} {policy} {alternative} {blame} (from the scenario).
"""

from __future__ import annotations

# Feeling words per customer emotion: (adjective for the situation, adjective for the
# person, noun). Several per emotion so the head cannot key on one word.
FEELINGS: dict[str, list[tuple[str, str, str]]] = {
    "frustrated": [("frustrating", "frustrated", "frustration"), ("exasperating", "fed up", "frustration"),
                   ("annoying", "annoyed", "annoyance")],
    "angry": [("infuriating", "angry", "anger"), ("maddening", "furious", "anger"),
              ("upsetting", "upset", "upset")],
    "disappointed": [("disappointing", "disappointed", "disappointment"),
                     ("disheartening", "let down", "disappointment")],
    "anxious": [("worrying", "worried", "worry"), ("stressful", "stressed", "stress"),
                ("nerve-racking", "anxious", "anxiety")],
    "sad": [("upsetting", "upset", "distress"), ("heartbreaking", "heartbroken", "sadness"),
            ("distressing", "upset", "distress")],
    "confused": [("confusing", "confused", "confusion"), ("baffling", "puzzled", "confusion")],
}

ACK: list[tuple[str, str]] = [
    ("I can hear how {adj} it is that {problem}.", "AM"),
    ("That sounds really {adj}, and I'm sorry you've had to deal with it.", "A"),
    ("I completely understand why you're {person}; {problem}, and that's not the experience we want for you.", "AM"),
    ("It seems like you are {person} about this, and that is understandable.", "A"),
    ("I'm sorry for the {noun} this has caused.", "A"),
    ("That's not the experience we want for you at all.", "A"),
    ("I understand how {adj} this must be.", "A"),
    ("You have every right to be {person} about this.", "A"),
    ("Honestly, I'd be {person} too.", "A"),
    ("Oh no, that must have been so {adj}.", "A"),
    ("I can tell this has been really {adj}, and I appreciate you bearing with us.", "A"),
    ("We understand how {adj} that must be.", "A"),
    ("It's completely understandable that you're {person}: {problem}, and that shouldn't have happened.", "AM"),
    ("I hear you. Feeling {person} about this is completely fair.", "A"),
    ("What happened that left you feeling so {person}?", "AE"),
    ("Your {noun} makes complete sense here.", "A"),
    ("I'm so sorry you're feeling {person} about this.", "A"),
    ("I know how {adj} it is when something like this happens.", "A"),
    ("Being {person} about {thing} is totally understandable.", "A"),
    ("That must be really {adj}, especially when {problem}.", "AM"),
    ("I really feel for you: {problem}, and that's {adj} for anyone.", "AM"),
    ("Thank you for telling us. I can only imagine how {adj} this has been.", "A"),
    ("I'm sorry, I know this has left you feeling {person}.", "A"),
    ("No wonder you're {person}.", "A"),
    ("It's {adj}, I get it, and you shouldn't have to chase us.", "A"),
    ("I can see why this has you {person}, and I'd like to put it right.", "A"),
]

MIRROR: list[tuple[str, str]] = [
    ("So {problem}, and you'd like {request}.", "M"),
    ("Sorry {problem}.", "M"),
    ("Just so I've got this right: {problem}, and you're after {request}.", "M"),
    ("Thanks for explaining: {problem}, and you need {request}.", "M"),
    ("I'm sorry to hear {problem}.", "M"),
    ("I understand {problem} and you'd like {request}.", "M"),
    ("You've told us {problem}, and you'd like {request}.", "M"),
    ("We're sorry {problem}.", "M"),
    ("I can see {problem}.", "M"),
    ("So if I've understood, {problem}.", "M"),
]

GENERIC: list[str] = [
    "Sorry for the inconvenience.", "We apologise for any inconvenience caused.", "Sorry to hear that!",
    "We're sorry for any trouble this has caused.", "Apologies for the hassle.", "Oh no, sorry about that!",
    "We're sorry to hear this.", "Sorry about that.", "We apologize for any inconvenience this may have caused.",
    "So sorry to hear that.", "Sorry for the trouble.", "Not what we like to hear!",
    "Oh no! That's not what we like to hear.", "Sorry for any inconvenience.", "My apologies about that.",
    "Sorry to hear about the trouble.", "We regret any inconvenience.", "I'm sorry to hear that.",
]

# Gushing or repeated apologies; formulaic, so also generic sympathy unless they name the problem.
OVER: list[tuple[str, str]] = [
    ("I'm so, so sorry. We're truly, deeply sorry about this, and I can't apologise enough.", "G"),
    ("Please accept our sincerest apologies. We are incredibly sorry. Again, we apologise.", "G"),
    ("Sorry, sorry, sorry! We feel absolutely terrible about this.", "G"),
    ("I am terribly, terribly sorry. There's no excuse and I'm so ashamed this happened. Sorry again.", "G"),
    ("We sincerely apologise. We are so very sorry, and we apologise again for everything.", "G"),
    ("I'm so sorry!! I really am so very sorry. We feel awful.", "G"),
    ("A thousand apologies! We are mortified and so sorry about all of this.", "G"),
    ("I'm deeply, deeply sorry. I apologise from the bottom of my heart, and again, I'm so sorry.", "G"),
    ("Our deepest apologies. Truly. We're so sorry and we feel dreadful about it.", "G"),
    ("Sorry!! So sorry. We hate that this happened and we're so, so sorry.", "G"),
    ("I just want to say sorry, and sorry again. We're really so sorry.", "G"),
    ("We can't apologise enough. Sorry, once more, from all of us.", "G"),
    ("I'm so, so sorry {problem}. I really am terribly sorry, and I apologise again.", "M"),
    ("We're so sorry {problem}. We apologise profusely, we truly do. So sorry.", "M"),
]

RUDE: list[str] = [
    "As I already told you, {policy}.", "Calm down, please. Shouting won't get {thing} sorted any faster.",
    "That's not our problem.", "You should have read the terms before ordering.", "As stated before, {policy}.",
    "Sorry if you feel that way. In any case, {policy}.", "Well, maybe try reading the instructions next time.",
    "Not sure what you expect us to do about it.", "We've already answered this. Please stop messaging us.",
    "It's clearly explained on our website, if you'd bothered to look.", "{blame}",
    "Wow, another complaint. What a surprise.", "We're not a charity, you know.",
    "Let me explain this slowly: {policy}.", "Please don't waste our time with this.",
    "Everyone else manages just fine.", "Not our fault. Take it up with the courier.",
    "Like I said, there's nothing we can do.", "Nobody else has complained, so it's probably something you did.",
    "Someone will get to it when they get to it.", "That's just how it is. Take it or leave it.",
    "I don't see why you're making such a big deal out of this.", "Good luck with that.",
    "Oh, so now it's our fault?", "I assume you haven't even tried restarting it.", "We've been over this.",
    "You're not our only customer, you know.", "If you're that unhappy, feel free to take your business elsewhere.",
    "Relax, it's only a few days.", "Seriously? It's written in bold on the checkout page.",
    "Again: {policy}. I don't know how else to say it.", "Your tone isn't helping your case.",
    "Try being patient for once.", "This is the third time you've asked. The answer hasn't changed.",
    "Maybe next time read things properly before clicking buy.", "Frankly, that's on you.",
    "We're doing our best, which is more than can be said for some customers.", "I'm not going to repeat myself.",
    "Per my previous message, {policy}.", "If you'd followed the instructions, this wouldn't have happened.",
    "You get what you pay for.", "Complaining on Twitter won't make it happen any faster.",
    "Lol, what did you expect?", "There's no need to be so dramatic about {thing}.",
    "We can't help people who won't help themselves.", "Read the FAQ before messaging us.",
]

# Whole replies that brush off a furious customer (rude by the guidelines' "brush-off").
BRUSH_OFF: list[str] = [
    "Thank you for your feedback.", "Thanks for this feedback.", "Noted.", "Ok.", "We appreciate your comments.",
    "Thanks for sharing.", "Feedback noted, thanks.",
]

REFUSAL: list[tuple[str, str]] = [
    ("Unfortunately {policy}, but {alternative}.", "T"),
    ("I'm afraid {policy}; however, {alternative}.", "T"),
    ("I'm sorry, but {policy}. That said, {alternative}.", "GT"),
    ("To be straightforward with you, {policy}. What I can offer is this: {alternative}.", "T"),
]

OPENERS: list[str] = ["Hi there,", "Hello,", "Thanks for getting in touch.", "Thanks for reaching out.",
                      "Hi, thanks for your message.", "Hey!", "Good morning,", "Hi {name},", "Hello {name},"]
CLOSERS: list[str] = ["Hope this helps!", "Let us know if there's anything else.", "Have a good evening.",
                      "Thanks for your patience.", "We're here if you need us.", "Take care.",
                      "Thanks for bearing with us."]

# Commitments with a stated purpose count as action; the bare versions below do not.
GENERIC_ACTION: list[str] = [
    "DM us your order number so we can check what happened.",
    "Please send us a private message with your account email and we'll look into it right away.",
    "I've passed this on to the team and they'll be in touch within 24 hours.",
    "We'll look into this and get back to you today.",
    "I've escalated this to a supervisor, who will contact you by tomorrow.",
]
NON_ACTION: list[str] = ["Please DM us.", "Reach out if you need anything.", "Keep an eye on your email.",
                         "Feel free to contact us.", "Send us a DM.", "We're here to help."]
GENERIC_EXPLORE: list[str] = ["Could you tell me a bit more about what happened?",
                              "Can you tell me more about what happened?", "When did this first start?"]

NAMES: list[str] = ["Sam", "Priya", "Tom", "Aisha", "Jo", "Marco", "Helen", "Kwame", "Lucy", "Dev", "Rosa", "Ben"]
SIGNATURES: list[str] = [" ^AB", " ^KL", " -Becky", " -DP", " ^Tanuj", " *TAC", " -RW", " ^MH", ""]
