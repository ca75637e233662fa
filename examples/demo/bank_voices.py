"""Hand-written phrase bank for the demo corpus: who speaks, and how.

Everything here is written for the demo (nothing is copied from a dataset).
``bank_orders`` and ``bank_accounts`` hold what each issue is about; this
module holds the voices that wrap it: the agents' personas, the customers'
moods, what each service style sounds like at each stage, how customers react
to it, and the survey answers that follow. Templates use ``str.format``
slots filled by ``build_demo.py`` ({name}, {me}, {item}, {order}, …).
"""

from __future__ import annotations

from typing import Any

COMPANY = "Hazelby"
HANDLE = "@HazelbyHelp"

# ---------------------------------------------------------------------------
# Agents. ``styles`` is each agent's mix of service styles: the point of the
# demo is that agents differ, so the mixes are deliberately uneven.
# ---------------------------------------------------------------------------
TEAMS = {"orders": "Orders & Delivery", "accounts": "Billing & Accounts"}

AGENTS: dict[str, dict[str, Any]] = {
    "maya.k": {
        "team": "orders", "first": "Maya", "initials": "MK", "speed": 1.0, "load": 1.1,
        "styles": {"empathic": 0.8, "cold": 0.14, "over": 0.06},
        "chat_hi": ("Hi {name}, Maya here 😊", "Hi {name}! You're through to Maya.", "Hey {name}, it's Maya from the Orders team."),
        "sign": "Warm wishes,\nMaya\n{company} Customer Care",
    },
    "tom.b": {
        "team": "orders", "first": "Tom", "initials": "TB", "speed": 1.6, "load": 1.0,
        "styles": {"sympathy": 0.66, "cold": 0.2, "empathic": 0.14},
        "chat_hi": ("Hello, my name is Tom. How may I assist you today?",),
        "sign": "Kind Regards,\nTom B.\nCustomer Service Team",
    },
    "priya.s": {
        "team": "orders", "first": "Priya", "initials": "PS", "speed": 0.6, "load": 1.0,
        "styles": {"cold": 0.7, "empathic": 0.2, "sympathy": 0.1},
        "chat_hi": ("Hi, Priya here.", "Hi {name}, Priya here."),
        "sign": "Regards,\nPriya\n{company}",
    },
    "dan.r": {
        "team": "orders", "first": "Dan", "initials": "DR", "speed": 0.8, "load": 0.9,
        "styles": {"rude": 0.55, "cold": 0.3, "sympathy": 0.15},
        "chat_hi": ("Hi.", "Hi, Dan here.", "Hello."),
        "sign": "Regards,\nDan R\n{company} Orders",
    },
    "lena.m": {
        "team": "orders", "first": "Lena", "initials": "LM", "speed": 1.2, "load": 1.0,
        "styles": {"over": 0.6, "empathic": 0.25, "sympathy": 0.15},
        "chat_hi": ("Hiya {name}! Lena here, so sorry for the wait!!", "Hi {name}, Lena here, really sorry you've had to wait!"),
        "sign": "Thanks so much and apologies again,\nLena\n{company} Customer Care",
    },
    "sam.o": {
        "team": "accounts", "first": "Sam", "initials": "SO", "speed": 1.0, "load": 1.1,
        "styles": {"empathic": 0.76, "cold": 0.18, "over": 0.06},
        "chat_hi": ("Hi {name}, it's Sam from Billing & Accounts.", "Hi {name}, Sam here — thanks for waiting."),
        "sign": "All the best,\nSam\nBilling & Accounts",
    },
    "grace.l": {
        "team": "accounts", "first": "Grace", "initials": "GL", "speed": 0.9, "load": 1.0,
        "styles": {"empathic": 0.55, "cold": 0.3, "sympathy": 0.15},
        "chat_hi": ("Hi {name}, you're chatting with Grace.", "Good to meet you {name}, Grace here."),
        "sign": "Kind regards,\nGrace\nBilling & Accounts, {company}",
    },
    "kevin.d": {
        "team": "accounts", "first": "Kevin", "initials": "KD", "speed": 0.7, "load": 1.0,
        "styles": {"cold": 0.5, "rude": 0.35, "sympathy": 0.15},
        "chat_hi": ("Kevin here.", "Hi, Kevin here.", "Hello."),
        "sign": "Kevin D\nBilling & Accounts",
    },
    "ruth.a": {
        "team": "accounts", "first": "Ruth", "initials": "RA", "speed": 1.8, "load": 1.0,
        "styles": {"sympathy": 0.6, "over": 0.2, "cold": 0.2},
        "chat_hi": ("Hello and thank you for contacting {company}. My name is Ruth.",),
        "sign": "Kind regards,\nRuth Anders\nCustomer Accounts Team\n{company} Ltd",
    },
    "omar.h": {
        "team": "accounts", "first": "Omar", "initials": "OH", "speed": 1.3, "load": 0.9,
        "styles": {"over": 0.45, "empathic": 0.3, "sympathy": 0.25},
        "chat_hi": ("Hi {name}! Omar here, I'm so sorry for the wait!", "Hi {name}, I'm Omar, apologies for keeping you!"),
        "sign": "Thanks so much,\nOmar\nBilling & Accounts",
    },
}

# Who a conversation is escalated to when a customer asks for a manager.
SENIOR = {"orders": "maya.k", "accounts": "sam.o"}

STYLE_NAMES = {
    "empathic": "great empathy: names the feeling, mirrors the problem, then acts",
    "cold": "efficient but cold: solves it, acknowledges nothing",
    "sympathy": "sympathy without action: 'sorry for any inconvenience', no next step",
    "over": "over-apologising: repeated apologies, action only sometimes",
    "rude": "rude / dismissive / condescending",
}

# ---------------------------------------------------------------------------
# Customers
# ---------------------------------------------------------------------------
FIRST_NAMES = (
    "Sarah", "James", "Priti", "Tom", "Aisha", "Gareth", "Chloe", "Daniel", "Fatima", "Liam",
    "Hannah", "Oliver", "Niamh", "Kwame", "Zoe", "Marcus", "Ellie", "Raj", "Sophie", "Callum",
    "Grace", "Mohammed", "Jess", "Ben", "Yusuf", "Laura", "Connor", "Amira", "Rachel", "Dev",
    "Katie", "Stuart", "Megan", "Tariq", "Beth", "Alex", "Ruby", "Ian", "Nadia", "Paul",
    "Lucy", "Imran", "Carol", "Jake", "Siobhan", "Wei", "Helen", "Kieran", "Bronwen", "Mark",
    "Anya", "Sean", "Joanne", "Femi", "Rosie", "Declan", "Leanne", "Harry", "Mei", "Tony",
)
SURNAMES = (
    "Ellis", "Harper", "Okafor", "Patel", "Hughes", "Walsh", "Begum", "Morgan", "Clarke", "Nowak",
    "Reid", "Fletcher", "Khan", "Doyle", "Evans", "Mensah", "Price", "Shah", "Gallagher", "Brennan",
    "Turner", "Ahmed", "Lloyd", "Chen", "Barnes", "Quinn", "Kaur", "Foster", "Rahman", "Dunne",
)
STREETS = (
    "Marlowe Road", "Hollins Lane", "Beech Grove", "Station Street", "Cedar Close", "Albert Terrace",
    "Mill Lane", "Kingsway", "Orchard Rise", "Victoria Avenue", "Church View", "Fairfield Drive",
)
TOWNS = (
    ("Leeds", "LS6 2QT"), ("Bristol", "BS3 4HJ"), ("Manchester", "M14 5TP"), ("Cardiff", "CF24 3AB"),
    ("Norwich", "NR2 1RS"), ("Glasgow", "G12 8QQ"), ("Nottingham", "NG7 1FE"), ("Belfast", "BT9 6AX"),
    ("Brighton", "BN2 0JG"), ("York", "YO10 3DD"), ("Sheffield", "S11 8YA"), ("Exeter", "EX4 4QJ"),
)
EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com")
SOCIAL_HANDLE_PARTS = ("bakes", "runs", "_uk", "x", "writes", "travels", "_gardens", "plays", "_mum", "reads")

CUSTOMER_HI = {
    "email": ("Hi,", "Hello,", "Hi there,", "Dear {company},", "To whom it may concern,", "Hi team,", "Good morning,", ""),
    "ticket": ("Hi,", "Hello,", "", "", "Hi there,"),
    "chat": ("hi", "Hi", "hello", "hiya", "", "", "Hi there"),
    "social": ("", "", "hey", "Hi"),
}
CUSTOMER_BYE = (
    "Thanks,\n{name}", "Regards,\n{name} {surname}", "{name}", "Many thanks\n{name}\n{phone}",
    "Cheers,\n{name}", "Thanks in advance,\n{name} {surname}", "Kind regards,\n{name} {surname}\n{street}, {town} {postcode}",
    "{name}\n\nSent from my iPhone", "Thank you\n{name} {surname}\nTel: {phone}",
)

# Moods a customer can open with, with what they add to the problem. "lead"
# comes before the problem statement, "tail" after it.
MOOD_GROUP = {
    "angry": "hot", "frustrated": "hot", "anxious": "worried", "confused": "worried",
    "disappointed": "low", "sad": "low", "neutral": "calm", "happy": "calm", "grateful": "calm",
}
MOOD_LEAD = {
    "angry": (
        "Absolutely unbelievable.", "I am FURIOUS.", "What a joke of a company.", "Right, this is ridiculous.",
        "I've had enough of this.", "Honestly the worst service I have ever had.", "Seriously??",
    ),
    "frustrated": (
        "Third time asking now.", "Still no answer on this.", "I've been going round in circles for a week.",
        "Getting really fed up now.", "This is getting silly.", "Sorry but I'm losing patience.", "",
    ),
    "anxious": ("I'm really worried about this.", "Please can someone help, this is urgent.", "I'm a bit panicked to be honest.", ""),
    "confused": ("I'm a bit confused.", "Not sure what's going on here.", "", "Can someone explain this please?"),
    "disappointed": ("Really disappointed to be writing this.", "I've ordered from you for years and never had a problem until now.", ""),
    "sad": ("", "Sorry if this is a bit of a ramble."),
    "neutral": ("", ""),
    "happy": ("", ""),
    "grateful": ("", ""),
}
MOOD_TAIL = {
    "angry": (
        "I want this sorted TODAY or I'm going to my bank.", "Don't send me another copy and paste reply.",
        "Sort it out.", "I'll be telling everyone I know not to use you.", "This is NOT good enough.",
        "And no, I don't want to be told to wait another 5 working days.", "Absolute shambles.",
    ),
    "frustrated": (
        "Honestly fed up with this.", "Can someone PLEASE just sort it.", "Every time I ask I get told something different.",
        "I shouldn't have to chase this.", "This is really not ok.", "It's a joke.", "Please don't make me ring up again.",
    ),
    "anxious": (
        "I'm really worried I've lost the money.", "I'm starting to panic a bit.", "Please let me know asap.",
        "I can't afford to lose this.", "Sorry to be a pain but I'm really stressed about it.",
    ),
    "confused": (
        "I don't understand what I'm supposed to do.", "I've read the help page and it doesn't say.",
        "Have I done something wrong?", "Any help appreciated because I'm lost.",
    ),
    "disappointed": (
        "Quite let down to be honest.", "Not what I expected from you.", "I was really looking forward to it.",
        "Bit gutted tbh.", "Losing faith a bit.",
    ),
    "sad": ("It's been a hard few weeks.", "Sorry, it's all a bit much at the moment.", ""),
    "neutral": ("", "Thanks.", "Thanks in advance.", ""),
    "happy": ("Love your stuff btw!", "😊", "", "Keep up the good work!"),
    "grateful": ("",),
}
REPEAT_LEAD = (
    "This is the second time I've contacted you about this.", "I already spoke to someone about this on {prev_day}.",
    "I was told on {prev_day} this would be sorted and it hasn't been.", "Contacting you AGAIN about this.",
)

# ---------------------------------------------------------------------------
# The agent's first reply. ``ack`` names the customer's feeling (empathic style
# only); the builder joins greeting + body + request for details.
# ---------------------------------------------------------------------------
ACK = {
    "angry": (
        "I completely understand why you're angry.", "You've every right to be angry about this.",
        "Honestly, I'd be furious too.", "I can see why you're so angry, and I'm not going to give you the runaround.",
        "I hear how angry you are, and it's fair.",
    ),
    "frustrated": (
        "That's really frustrating, and I'm sorry you've had to chase us.", "I can see why you're fed up — you shouldn't have to keep asking.",
        "I know how frustrating it is to go round in circles like this.", "That must be so frustrating, especially after waiting this long.",
        "I can hear how fed up you are, and I don't blame you.",
    ),
    "anxious": (
        "I can hear how worried you are, so let's get this sorted straight away.", "That sounds really stressful — I'll help you with it now.",
        "Please don't worry, you haven't lost anything and I'll walk you through it.", "I can tell this has been worrying you.",
    ),
    "confused": (
        "I can see why that's confusing — it isn't clear at all.", "That's a confusing situation, so let me untangle it for you.",
        "No wonder you're confused, the messages you got don't match.",
    ),
    "disappointed": (
        "That's so disappointing, especially when you were looking forward to it.", "We've let you down, and that's not what we want after all the times you've ordered with us.",
        "I can understand why you're disappointed.",
    ),
    "sad": (
        "That sounds like a really hard time, and I'm glad you got in touch.", "You're dealing with a lot at once, so let me take this off your plate.",
    ),
    "neutral": ("That's not the experience we want you to have.", "", "", "Thanks for letting us know so clearly."),
    "happy": ("",), "grateful": ("",),
}
# When the customer is asking for something ("you'd like to …") the mirror checks
# the request rather than apologising for it.
REQUEST_OPEN = (
    "{ack} Just so I've got this right: {mirror}?", "{ack} So {mirror} — I can help with that.", "So {mirror}. {ack}",
    "{ack} You'd like this sorted quickly, so: {mirror}, and I'll take care of it.",
)
# Joins the acknowledgement and the mirror; {mirror} is the scenario's clause.
EMPATHIC_OPEN = (
    "{ack} I'm really sorry {mirror}.",
    "I'm so sorry {mirror}. {ack}",
    "Oh no — I'm sorry {mirror}. {ack}",
    "So {mirror}. {ack}",
    "{ack} Just so I've got this right: {mirror}?",
    "Thanks for explaining it so clearly. I'm sorry {mirror}. {ack}",
)
EMPATHIC_STAKES = ("Especially {stake}.", "And {stake}, which makes it worse.", "I know it matters all the more {stake}.")
# Rare slips even good agents make: a canned line under a good reply.
EMPATHIC_CANNED = ("Apologies for any inconvenience.", "Sorry for the trouble.")

OVER_OPEN = (
    "I'm so so sorry about this!! I really do apologise.", "Oh no, I'm so sorry!! I'm really really sorry about this.",
    "I'm so sorry, I sincerely apologise for this, I'm so sorry.", "Sorry, sorry, sorry!! That's awful, I'm so sorry.",
    "I'm extremely sorry to hear this, please accept my sincere apologies. I'm so sorry.",
    "I'm ever so sorry! Apologies again for this and for the wait!",
)
OVER_MIRROR = ("I'm so sorry {mirror}.", "I'm really sorry {mirror}, I'm so sorry.", "")
OVER_AFTER = (
    "Sorry again!!", "So sorry again for all of this.", "Apologies once again, I'm so sorry!", "I'm really sorry again.",
    "Again, I'm so sorry, I really am.", "Sorry again for the trouble and sorry for the wait!",
)

SYMPATHY_OPEN = (
    "Sorry for any inconvenience caused.", "We apologise for any inconvenience this may have caused.",
    "Sorry to hear that.", "We're sorry to hear you've experienced an issue.", "Apologies for any inconvenience.",
    "I'm sorry to hear about the issue.", "We apologise for the inconvenience.",
)
SYMPATHY_CLOSE = (
    "Sorry for any inconvenience caused.", "We apologise for any inconvenience.", "Thank you for your patience.",
    "Apologies for any inconvenience this may cause.", "Thank you for your understanding.",
)

COLD_OPEN = ("", "", "Noted.", "Ok.", "Right.")
COLD_AFTER = ("", "", "", "Anything else?")

# Rude openers: (text, reaction key). Keys decide how the customer answers.
RUDE_OPEN_HOT = (
    ("Please calm down. Shouting at me won't fix it any faster.", "calm_tag"),
    ("There's no need for that tone. Calm down and I'll look.", "calm_tag"),
    ("Calm down please, I can't help you if you're going to be like this.", "calm_tag"),
)
RUDE_OPEN = (
    ("{blame}", "blame_tag"),
    ("{blame} Anyway.", "blame_tag"),
    ("Right. {blame}", "blame_tag"),
    ("As stated on our website, {blame_lower}", "blame_tag"),
)
RUDE_CURT = ("Order number?", "I need the order number.", "Account email?", "Details?")
RUDE_AGAIN = (
    "As I already told you, {core_lower}", "Like I said, {core_lower}", "As stated before, {core_lower}",
    "I've already explained this. {core}", "Again: {core_lower}",
)
RUDE_AFTER = (
    "There's nothing more I can do.", "That's all I can tell you.", "That's not our problem.", "It's all in the terms you agreed to.",
    "I don't make the rules.", "Please read the emails we send you.", "", "",
)

# On social media the details move to private messages.
ASK_SOCIAL: dict[str, dict[str, tuple[str, ...]]] = {
    "order": {
        "empathic": ("Could you DM us your order number so I can check exactly what's happened?", "If you send us a DM with your order number, I'll look into it straight away."),
        "cold": ("DM us your order number.", "Please DM the order number."),
        "sympathy": ("Please send us a DM with your order number.", "Please DM us your details."),
        "over": ("Could you possibly DM us your order number? So sorry!",),
        "rude": ("DM the order number.", "We can't do anything without an order number. DM it."),
    },
    "account": {
        "empathic": ("Could you DM us the email on your account so I can find it and sort this?",),
        "cold": ("DM us the account email.",),
        "sympathy": ("Please send us a DM with your account details.",),
        "over": ("Could you DM us your account email? Sorry to ask!",),
        "rude": ("DM the account email.",),
    },
}
# How the agent asks for details: by what the scenario needs and by style.
ASK: dict[str, dict[str, tuple[str, ...]]] = {
    "order": {
        "empathic": (
            "Could you pop your order number in here so I can look straight away?", "What's the order number? It starts with HZ and it's in your confirmation email.",
            "If you send me the order number I'll check exactly what's happened.", "Can I grab your order number so I can see where things are up to?",
        ),
        "cold": ("Please provide your order number.", "Order number please.", "What is the order number?", "Send the order number and postcode."),
        "sympathy": ("Could you please provide your order number so we can look into this for you.", "Please can you confirm your order number and postcode.", "In order to assist please provide your order number."),
        "over": ("Would you mind sending me your order number? Sorry to ask!", "Sorry, could I just grab your order number? Sorry!", "If it's not too much trouble could you send your order number? So sorry!"),
        "rude": (*RUDE_CURT[:2], "You need to give me an order number, I can't do anything without it."),
    },
    "account": {
        "empathic": (
            "Could you tell me the email address on the account so I can find it?", "What's the email on your account? I'll check it while we talk.",
            "Can you confirm the email address and the last four digits of the card you pay with, so I can find you?",
        ),
        "cold": ("Email address on the account?", "Please confirm the account email.", "Account email and postcode please."),
        "sympathy": ("Please can you confirm the email address registered to your account.", "In order to assist please provide the email address associated with your account."),
        "over": ("Sorry, could you confirm the email on the account? Sorry to ask!", "Could I possibly get the email on the account please? Apologies!"),
        "rude": ("Account email?", "I need the email on the account. I can't guess it."),
    },
    "none": {k: ("",) for k in ("empathic", "cold", "sympathy", "over", "rude")},
}
# The customer giving those details (PII on purpose: the importer redacts it).
DETAILS = {
    "order": (
        "It's {order}", "order number is {order}", "{order}. Email on it is {email}", "Order {order}, postcode {postcode}",
        "it's {order} and my number's {phone} if it's easier to call", "{order} — delivery address is {street}, {town} {postcode}",
        "Order no. {order}", "{order} (placed with {email})",
    ),
    "account": (
        "It's {email}", "{email}, card ending {card}", "email is {email} and phone {phone}", "{email}",
        "It should be {email}, or maybe my old one {email2}", "{email} — I'm at {street}, {town} {postcode} if that helps",
    ),
    "none": ("",),
}

# ---------------------------------------------------------------------------
# The customer's second message opens with a reaction to the first reply.
# ---------------------------------------------------------------------------
REACT = {
    "empathic": {
        "hot": (
            "ok. thank you, that actually helps.", "Right, ok. Sorry if I was a bit sharp, it's been a long day.",
            "Thank you for actually listening.", "ok fair enough, thanks.", "Ok. Sorry for ranting, I know it's not you personally.",
            "Thanks. First person who's actually understood the problem.", "Alright. Thanks for not just copy pasting something.",
        ),
        "worried": ("Thank you, that's reassuring.", "oh thank god, ok", "Thanks, I feel a bit better already.", "Thank you so much."),
        "low": ("Thanks, that's kind of you.", "Thank you, I appreciate that.", "That's really kind, thanks."),
        "calm": ("Great, thanks.", "Sure!", "Perfect.", "Thanks!"),
    },
    "cold": {
        "hot": ("Fine.", "ok", "right", "Hello to you too.", "ok."),
        "worried": ("ok...", "Ok thanks", "ok, sorry"),
        "low": ("ok", "Ok."),
        "calm": ("Sure.", "ok", "Yep"),
    },
    "sympathy": {
        "hot": (
            "'Sorry for any inconvenience' isn't really going to cut it.", "It's a lot more than an inconvenience tbh.",
            "ok but what are you actually going to DO", "I don't want sorry, I want it fixed.", "Yes, I've heard that one before.",
        ),
        "worried": ("ok but what happens now?", "Ok. Is it going to be sorted though?", "Thanks but I'm still worried."),
        "low": ("ok.", "Right.", "ok thanks I guess"),
        "calm": ("ok", "Sure"),
    },
    "over": {
        "hot": ("It's fine, you don't need to keep apologising, I just want it sorted.", "ok, please just fix it", "Honestly I don't need the apologies, just help."),
        "worried": ("That's ok! What do I need to do?", "no need to apologise, what happens next?", "ok thank you, it's fine"),
        "low": ("It's not your fault.", "that's ok, don't worry"),
        "calm": ("No worries at all!", "no problem haha"),
    },
    "rude": {
        "calm_tag": (
            "Don't tell me to calm down. I've every right to be annoyed.", "CALM DOWN?? Seriously?", "Wow. Don't talk to me like that.",
            "I am calm. I'm just fed up.", "Telling a customer to calm down, brilliant.",
        ),
        "blame_tag": (
            "Excuse me? How is this my fault?", "Wow. I'm not the one who got it wrong here.", "Seriously? That's how you talk to customers?",
            "I did read it, thanks. That's not the point.", "Not sure why you're having a go at me.",
        ),
        "curt_tag": ("...hello to you too.", "ok", "Fine.", "right"),
    },
}
# Before the details, a short hot customer might just hit back.
STRAIGHT_TO_DETAILS = ("", "", "")

# ---------------------------------------------------------------------------
# Wrapping the outcome line (the scenario's fix / pending / refuse) per style.
# ---------------------------------------------------------------------------
THANKS_DETAILS = {
    "empathic": ("Thanks {name}.", "Thank you, I've found it.", "Thanks for that, got it.", "Perfect, thanks.", "Thanks, I can see it now."),
    "cold": ("", "", "Checked.", "Found it."),
    "sympathy": ("Thank you for your patience.", "Thank you for the information.", "Thank you for providing those details."),
    "over": ("Thank you so much, and sorry for the wait!", "Thanks so much, sorry!", "Thank you! Sorry that took a moment."),
    "rude": ("", "Right.", "Found it."),
}
CARE = {  # empathic extras after acting
    "solved": (
        "I've added a note to your account so you won't need to explain any of this again.", "I'll keep an eye on it myself and email you if anything changes.",
        "", "", "I'm glad we could get this sorted for you.", "And thank you for being so patient with us.",
    ),
    "pending": (
        "I'll check on it myself on {next_day} too, so you're not left chasing.", "I've put a reminder on it so it doesn't get lost.",
        "I know waiting is the last thing you want, so I'll chase it personally.",
    ),
    "unresolved": (
        "I know that's not what you wanted to hear, and I'm sorry I can't do more today.", "I know that's really disappointing after everything.",
        "I wish I had a better answer for you.",
    ),
}

# ---------------------------------------------------------------------------
# Later turns
# ---------------------------------------------------------------------------
CHASE = (
    "Hi, any update on this? It's been {wait_days} days.", "Hello? Still waiting to hear back.",
    "Chasing this again. Nobody has replied.", "Any news?? I was told someone would get back to me.",
    "Following up on the below, still not resolved.", "Hi, just checking in on this — no update since last week.",
)
ESCALATE_LEAD = {  # what a customer says before asking for a manager
    "calm_tag": ("Don't tell me to calm down.", "I'm not being spoken to like that.", "Calm down? Really?"),
    "other": ("This is going nowhere.", "I've had enough of being fobbed off.", "You're not listening to me.", "Right, that's not good enough.", "No."),
}
MANAGER = (
    "Can I speak to a manager please.", "I want to speak to someone more senior.", "Put me through to a supervisor.",
    "Is there anyone else I can talk to? A manager?", "I'd like this escalated please.",
)
MANAGER_NO = {
    "rude": ("A manager will tell you exactly the same thing.", "There's no point, the answer is the same.", "Managers don't deal with this."),
    "sympathy": ("I'm afraid there are no managers available at the moment. I have noted your request.", "Unfortunately I'm unable to transfer you at this time. Sorry for any inconvenience."),
    "cold": ("I can request a callback from a team leader; it may take up to 3 working days.",),
    "over": ("I'm so sorry, I'll ask my team leader, sorry!",),
}
SENIOR_HANDOVER = {
    "rude": ("Fine. I'll pass it on.", "I'll transfer you.", "Fine, someone else can deal with it."),
    "sympathy": ("I have passed your request to a senior colleague.", "I will transfer you to a senior member of the team. Thank you for your patience."),
}
# The senior agent's first message; greeting and signature come from the channel.
SENIOR_TAKEOVER = (
    "I'm {me} and I look after the {team} team. I've read back through this and I'm sorry — you weren't treated the way you should have been. {ack} {mirror_cap}, and that needs fixing.",
    "{me} here, senior agent on {team}. I've gone through your messages and I want to apologise properly: {mirror}, and then you were made to feel it was your fault. {ack}",
    "This is {me}, I've taken over your case. {ack} {mirror_cap} — I've read everything and I'm going to sort it now.",
)

CUSTOMER_CLOSE = {
    ("solved", "warm"): (
        "brilliant thank you so much", "Ok great, thanks for sorting that.", "Thank you, you've been really helpful.",
        "Amazing, thank you.", "perfect, thanks!! 😊", "That's a relief, thank you.",
        "Thank you so much, you've made my day.", "great, cheers", "Thanks {me}, really appreciate it.",
        "Fab, thanks for your help!", "Brilliant, that's all I needed.", "Lovely, thank you.", "That's great news, thanks!",
        "Thanks, you've been a star.", "Oh that's brilliant, thank you.", "Great stuff, thanks for being so quick.",
    ),
    ("solved", "flat"): ("ok thanks", "fine", "Thanks.", "ok.", "Right, thanks.", "ok, bye", "Ok, cheers.", "thx", "Noted, thanks.", "ok that's fine"),
    ("solved", "sour"): ("Fine. Shouldn't have taken all that.", "ok. Could have done without the attitude.", "Right. Thanks I suppose."),
    ("pending", "warm"): ("Ok, I'll wait to hear then. Thanks for your help.", "Thanks, that's fine — speak soon.", "ok great, thank you for chasing it"),
    ("pending", "flat"): ("ok I'll wait then", "Fine.", "ok. Please do let me know.", "I'll wait, but not forever."),
    ("pending", "sour"): (
        "So basically nothing. Great.", "I'll believe it when I see it.", "Right. So I just wait and hope.",
        "That's what the last person said.",
    ),
    ("unresolved", "warm"): ("Ok. Not what I hoped but thanks for being straight with me.", "Fair enough. Thanks for trying."),
    ("unresolved", "flat"): ("ok", "Right.", "fine whatever"),
    ("unresolved", "sour"): (
        "Forget it. I'll do a chargeback with my bank.", "Unbelievable. I'll be leaving a review.", "Useless. Don't bother.",
        "I'm done with this company.", "Well that was a waste of an hour.", "Cancel everything I have with you.",
        "Wow. Just wow.", "I'll be taking this further.",
    ),
}
# A customer who came in hot and was treated well often says sorry on the way out.
CALMED = (
    "Thank you. And sorry for being short with you earlier.", "Thanks — and sorry I was a bit sharp before, it's been a week.",
    "Really appreciate it. Sorry for ranting at the start!", "Thank you so much. Sorry for biting your head off.",
)
# Replying to a chase when the case is still open.
CHASE_PENDING = {
    "empathic": ("I've chased it again this morning and pushed for an answer by {next_day}. I'll email you then whatever happens.", "It's still open, but I've escalated it today and I'll come back to you by {next_day} either way."),
    "cold": ("Still waiting on the other team. Expect an update by {next_day}.", "No update yet. It's been chased."),
    "over": ("I've chased it again, I'm so sorry!! We should hear by {next_day}.",),
    "rude": ("As I said, we're waiting on them. There's nothing more to add.", "I already told you it's being looked at."),
}
AGENT_CLOSE = {
    "empathic": (
        "You're so welcome. Take care!", "No problem at all — have a lovely rest of your day.", "Glad I could help. Thanks again for your patience.",
        "Any time. If anything else comes up, just reply here and it'll come straight to me.", "You're welcome! Enjoy the rest of your week.",
    ),
    "cold": ("Closing this now.", "Anything else?", "Thanks.", "Resolved.", "You're welcome."),
    "sympathy": (
        "Is there anything else I can help you with today? Thank you for contacting {company}.", "Thank you for contacting {company}. Have a nice day.",
        "Sorry again for any inconvenience. Is there anything else I can assist with?",
    ),
    "over": ("Thank you so much, and sorry again!! Have a lovely day!", "Sorry again for everything! Take care!", "Thanks for being so patient, sorry again!"),
    "rude": ("Is that everything.", "Closing this ticket.", "Ok.", "I've answered your question. Closing now.", ""),
}
CHAT_ANYTHING_ELSE = {
    "empathic": "Is there anything else I can help with while I've got you?",
    "cold": "Anything else?",
    "sympathy": "Is there anything else I can assist you with today?",
    "over": "Is there anything else I can help with? Sorry again!",
    "rude": "Anything else.",
}
AGENT_BYE = {  # after "anything else?" … "no, that's all"
    "empathic": ("Lovely — take care, {name}!", "Have a great rest of your day, {name} 😊", "Glad we got there. Bye for now!"),
    "cold": ("Bye.", "Thanks, bye.", "Ok, closing the chat."),
    "sympathy": ("Thank you for contacting {company}. Have a nice day.", "Thank you for contacting {company}. Goodbye."),
    "over": ("Thanks so much, and sorry again! Bye!", "Bye! So sorry again for the trouble!"),
    "rude": ("Bye.",),
}
CHAT_NOTHING_ELSE = ("no thats all thanks", "No, that's everything", "nope thanks", "no thanks", "That's all, bye")

# ---------------------------------------------------------------------------
# Bot, system and phone framing
# ---------------------------------------------------------------------------
BOT_HELLO = (
    "Hi! I'm Hazel, {company}'s virtual assistant 🤖 What can I help you with today? You can type things like 'track my order' or 'refund'.",
    "Hello 👋 I'm Hazel, the {company} assistant. Tell me in a few words what you need help with.",
)
BOT_MISS = (
    "Sorry, I didn't quite get that. Could you try rephrasing? For example: 'where is my order'.",
    "I found these articles that might help: 'Tracking your order', 'Returns and refunds'. Did that answer your question?",
    "I can help with orders, returns, refunds and your account. Which of those is it about?",
)
BOT_ANSWER = {
    "delivery-status": "You can track your order at hazelby.example/track using your order number and postcode. Did that answer your question?",
    "refund": "Refunds are processed within 5 working days of your return reaching our warehouse. Did that answer your question?",
    "replacement": "Sorry to hear that! You can request a replacement from 'My orders' in your account. Did that answer your question?",
    "billing": "You can see all your payments under Account > Billing. Did that answer your question?",
    "account-access": "You can reset your password at hazelby.example/reset. Did that answer your question?",
    "cancellation": "You can cancel Hazelby Plus any time under Account > Membership. Did that answer your question?",
}
HUMAN = ("agent", "speak to a human please", "HUMAN", "no. real person please", "talk to someone", "no", "agent please", "none of those, I need a person")
TRANSFER = (
    "Transferring you to an agent. Estimated wait: {wait_min} min.", "Connecting you to the {team} team. You are number {queue} in the queue.",
)
PHONE_GREETING = (
    "Good {daypart}, {company} customer care, you're through to {me}, how can I help?",
    "Thank you for calling {company}, my name's {me}, how can I help today?",
    "Hi, you're through to {me} at {company}, what can I do for you?",
)
PHONE_FILLER = ("Yeah, hi,", "Oh hi, um,", "Hiya,", "Hi, yeah,", "Hello, yes,", "Right, hi,")
PHONE_SPELL_EMAIL = ("it's {spoken_email}", "email's {spoken_email}")
PHONE_HOLD = (
    "Let me just pull that up, bear with me one moment.", "Okay, one second while I check.", "Bear with me.", "Just putting you on a short hold.",
    "Lovely, let me have a look.", "Okay, I'm just looking now.", "Can I pop you on hold for a minute or two?", "Right, just loading it up, the system's a bit slow today.",
    "Got it. Give me a second.", "Okay, bear with me while I check that.",
)
PHONE_BACK = ("Thanks for holding.", "Sorry about that, I'm back.", "Okay.", "Right, thanks for waiting.", "Hi, are you still there? Thanks for waiting.", "Okay, so.", "Right.")
PHONE_BYE = {
    "warm": (
        "Thanks for calling, {name}, take care. Bye now.", "You're welcome, have a good day. Bye.", "Thanks for your patience, bye now.",
        "No problem at all. Take care, bye bye.", "You're very welcome. Have a lovely afternoon, bye.", "Glad I could help. Bye now.",
        "Okay, thanks {name}, bye.", "Take care now, bye.",
    ),
    "neutral": ("Okay. Thanks for calling, bye.", "Thanks for calling {company}. Bye now.", "Okay, take care. Bye.", "Alright, bye now."),
    "rude": ("Bye.", "Right. Bye.", "Okay. Bye.", "Is that it? Bye then."),
}

INTERNAL_NOTES = {  # private notes on tickets and e-mails; the customer never sees them
    "empathic": (
        "Cust was very upset — apologised and took ownership.", "Following this one up personally.", "Set a reminder to check back with the customer.",
        "Flagging for the weekly courier review.",
    ),
    "cold": ("Actioned.", "Per policy.", "Done."),
    "sympathy": ("Advised cust.", "Passed to relevant team.", "No further action."),
    "over": ("Not sure if I can authorise this — checking with TL.", "Cust upset, I apologised."),
    "rude": ("Cust very aggressive.", "Cust refuses to accept policy.", "Cust being difficult, closing."),
}

# ---------------------------------------------------------------------------
# Surveys: how did this conversation make you feel? (free text)
# ---------------------------------------------------------------------------
FEELING = {
    ("hot", "empathic", "good"): ("frustrated at first, but relieved", "angry going in, calmer by the end", "listened to", "relieved", "actually heard", "much better"),
    ("worried", "empathic", "good"): ("reassured", "less worried", "relieved", "looked after"),
    ("low", "empathic", "good"): ("treated kindly", "looked after", "understood", "a bit better"),
    ("calm", "empathic", "good"): ("happy", "fine", "good", "helped"),
    ("any", "empathic", "bad"): ("disappointed but understood", "still worried", "let down but they were nice about it"),
    ("any", "cold", "good"): ("fine", "ok", "quick, no fuss", "sorted but a bit robotic", "neutral", "like a number"),
    ("any", "cold", "bad"): ("brushed off", "frustrated", "like a number", "annoyed"),
    ("any", "sympathy", "good"): ("fine eventually", "ok", "it took ages"),
    ("any", "sympathy", "bad"): ("ignored", "fobbed off", "like talking to a wall", "frustrated", "copy and paste answers", "still waiting"),
    ("any", "over", "good"): ("fine", "a bit awkward, lots of sorry", "ok, they were sweet"),
    ("any", "over", "bad"): ("they were nice but nothing happened", "sorry sorry sorry and no help", "confused", "still waiting"),
    ("any", "rude", "good"): ("talked down to", "sorted, but rude", "annoyed"),
    ("any", "rude", "bad"): ("insulted", "talked down to", "angry", "like it was my fault", "disrespected", "furious", "ignored and patronised"),
    ("howto", "any", "good"): ("fine", "good", "quick answer", "happy", "helped", "no complaints"),
    ("howto", "rude", "good"): ("stupid for asking", "talked down to", "fine I guess"),
}
COMMENT = {
    ("empathic", "good"): (
        "{me} was brilliant, really understood why I was upset and just sorted it.", "Best customer service I've had in ages.",
        "Felt like a real person was listening.", "Quick, kind and got it fixed. Thank you {me}!", "Would order again because of how this was handled.",
        "{me} didn't make me repeat myself, which I appreciated.",
    ),
    ("empathic", "bad"): ("Lovely agent but the problem still isn't fixed.", "Can't fault {me}, but your courier is another story."),
    ("cold", "good"): ("Fine. Got what I needed.", "Fast.", "Did the job.", "Efficient but would have been nice to get an apology."),
    ("cold", "bad"): ("Felt like I was bothering them.", "No apology, no explanation."),
    ("sympathy", "good"): ("Got there in the end.", "Took a few goes."),
    ("sympathy", "bad"): (
        "Kept saying sorry for the inconvenience and did nothing.", "Same copy and paste reply three times.", "Still don't know where my order is.",
        "Nobody actually read what I wrote.", "Please stop saying sorry and start fixing things.",
    ),
    ("over", "good"): ("Very polite, maybe a bit too many apologies!", "Nice person, sorted in the end."),
    ("over", "bad"): ("Lots of apologies, no actual help.", "Nice but clueless.", "I ended up feeling sorry for them."),
    ("rude", "good"): ("Sorted but the agent was rude.", "Didn't like being told it was my fault."),
    ("rude", "bad"): (
        "The agent told me to calm down. Unacceptable.", "Rude and unhelpful. Will not be ordering again.", "Made me feel stupid.",
        "Blamed me for your mistake.", "I want someone to listen to the recording of that call.", "Contact me on {email} if anyone actually cares.",
    ),
    ("howto", "good"): ("Quick answer, thanks.", "Easy.", "", "Helpful."),
}

# Generic lines of sympathy-only agents: none of them takes action.
STALL = {
    "delivery-status": (
        "Please allow up to 10 working days for your parcel to arrive.", "Unfortunately I can't see any further updates at the moment. Please keep checking your tracking link.",
        "If your parcel has not arrived by then please get back in touch.", "Unfortunately delays are sometimes out of our control.",
    ),
    "refund": ("Please allow up to 14 days for your refund to be processed.", "Refunds can take some time to appear depending on your bank."),
    "replacement": ("Please refer to our returns policy for more information.", "Unfortunately these things can happen in transit."),
    "complaint": ("Your feedback is important to us.", "Thank you for your feedback."),
    "billing": ("Payments can take 3-5 working days to show on your statement.", "Please check with your bank."),
    "account-access": ("Please try again in 24 hours.", "Unfortunately I'm unable to see any issue with your account."),
    "cancellation": ("Please refer to the membership terms.", "Please allow 24-48 hours."),
    "how-to": ("Please refer to our FAQ page.",),
    "other": ("Thank you for your feedback.",),
}
