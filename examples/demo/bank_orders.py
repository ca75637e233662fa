"""Hand-written scenarios for the Orders & Delivery team of the demo corpus.

Each scenario is one kind of customer problem, with the parts a conversation
about it is built from:

- ``problem``: the customer's ways of stating it, first person;
- ``mirror``: the agent restating it in the customer's words (a clause that
  reads after "I'm sorry …", "So …" and "Just so I've got this right: …");
- ``explore``: diagnostic (question, customer's answer) pairs;
- ``fix`` / ``pending`` / ``refuse``: the outcome line for solved, pending and
  unresolved conversations; ``blame``: a rude agent pinning it on the customer;
- ``follow``: (customer question, agent answer) pairs for longer threads;
- ``stakes``: (customer's reason it matters, agent's clause mirroring it);
- ``bot``: what the customer types to the chat bot first;
- ``of``: for each problem phrasing, which entries of a part fit it (by index),
  so an agent only mirrors what *this* customer said; parts not listed fit all;
- ``after_fix``: for a fix (by index), which ``follow`` questions fit after it;
- ``ack``: scenario-specific acknowledgements that replace the mood's (condolences);
- ``items``: which kinds of product the scenario can be about (see ``ITEMS`` in
  build_demo.py: E electrical, F flat-pack furniture, U upholstered, K kitchen
  and hard goods, S soft furnishings).

Empathy is owed in every scenario except those with ``owed=False`` (how-to
questions and praise), where a good agent simply answers.
"""

from __future__ import annotations

from typing import Any

PROBLEM_MOODS = {"neutral": 0.17, "frustrated": 0.3, "angry": 0.17, "anxious": 0.08, "confused": 0.06, "disappointed": 0.16, "sad": 0.06}
HOWTO_MOODS = {"neutral": 0.65, "confused": 0.15, "happy": 0.2}
NONE = (("", ""),)

DELIVERY_STAKES = (
    ("It's a birthday present for my son on Saturday.", "when it's meant to be your son's birthday present for Saturday"),
    ("I took the day off work to wait in for it.", "when you took a day off work to wait in for it"),
    ("We're moving house next week and I need it before then.", "with your move coming up next week"),
    ("It was for my mum who's just come out of hospital.", "when it's for your mum coming home from hospital"),
    ("I've got family arriving this weekend.", "with family arriving this weekend"),
    ("I paid extra for next day delivery!", "when you paid extra for next-day delivery"),
)
ITEM_STAKES = (
    ("It was a gift so I'm really embarrassed.", "when it was meant to be a gift"),
    ("I saved up for this.", "when you'd saved up for it"),
    ("I needed it for this weekend.", "when you needed it for this weekend"),
    ("", ""),
)
MONEY_STAKES = (
    ("That's a lot of money for me to be out of pocket.", "when that's a lot of money to be out of pocket"),
    ("Money's tight this month and I need it back.", "when money's tight this month"),
    ("", ""),
)

SCENARIOS: list[dict[str, Any]] = [
    # ------------------------------------------------------------ delivery status
    {
        "key": "late-parcel", "issue": "delivery-status", "team": "orders", "needs": "order", "moods": PROBLEM_MOODS,
        "bot": ("where is my order", "order late", "my parcel hasnt arrived", "track order"),
        "problem": (
            "My order was supposed to arrive on {due} and it still hasn't come. Tracking just says 'in transit'.",
            "Ordered a {item} over a week ago, delivery date was {due}, still nothing. Where is it?",
            "where is my order?? it was due {due}",
            "I'm still waiting for my {item}. The confirmation email said {due} and now it's {days} days late with no explanation.",
            "Could you tell me where my parcel is please? It was meant to be delivered {due} but hasn't turned up.",
            "Order placed on the {order_date}, promised for {due}, and the tracking hasn't moved since.",
        ),
        "mirror": (
            "your {item} was due on {due} and still hasn't arrived",
            "your order has been stuck on 'in transit' since before {due}",
            "you're still waiting on the {item} that should have been with you on {due}",
            "your order was due on {due} and still hasn't turned up",
            "the tracking hasn't moved since you ordered, and your parcel was due {due}",
        ),
        "explore": (
            ("Has the tracking page shown anything at all since {due}, even a depot scan?", "last thing it says is 'arrived at {courier} hub' on {due}. nothing since"),
            ("Did you get any card through the door or a text from {courier}?", "Nothing at all, no card, no text."),
        ),
        "fix": (
            "I've been on to {courier} and it's at their local depot — it's booked for delivery tomorrow before 1pm, and I've refunded the £4.95 delivery charge.",
            "The parcel was mis-sorted at the {courier} hub. I've sent a new {item} out on next-day delivery (it'll be with you tomorrow) and you don't need to do anything with the first one if it turns up.",
            "{courier} have confirmed it's out for delivery today. I've also added a £10 credit to your account for the delay.",
        ),
        "pending": (
            "I've opened a trace with {courier}; they take up to 48 hours to reply and I'll email you the moment I hear.",
            "I've asked the warehouse to check whether it actually left. They'll come back to me by {next_day} and I'll update you then.",
        ),
        "refuse": (
            "Orders are only treated as lost after 10 working days, so we can't send a replacement or refund yet.",
            "Unfortunately the courier still shows it as in transit, so we have to wait for their investigation before we can do anything.",
        ),
        "blame": ("Delivery dates are estimates, not guarantees. It says that at checkout.", "You chose standard delivery, so a few days either way is normal."),
        "follow": (
            ("Will I get a tracking update?", "Yes, you'll get a text from {courier} with a one-hour delivery window on the morning it's out."),
            ("Do I need to be in to sign for it?", "No signature is needed, they can leave it in a safe place or with a neighbour."),
            ("What if it doesn't turn up again?", "Then reply to this and we'll refund you in full, no need to wait for the courier."),
        ),
        "stakes": DELIVERY_STAKES,
        "of": {
            "mirror": ((1, 3), (0, 2), (3,), (0, 2), (3,), (4,)),
            "explore": ((1,), (0, 1), (0, 1), (0, 1), (0, 1), (1,)),
        },
    },
    {
        "key": "delivered-not-received", "issue": "delivery-status", "team": "orders", "needs": "order", "moods": PROBLEM_MOODS,
        "bot": ("says delivered but not here", "parcel not received", "missing parcel"),
        "problem": (
            "Tracking says my parcel was delivered at 14:02 yesterday but nothing has arrived. I was home all day.",
            "Your app says DELIVERED. It was not delivered. I've checked with both neighbours and the bins.",
            "My {item} shows as delivered on {due} but I never got it. The photo the driver took isn't even my door!",
            "Hi, my order says delivered but there's nothing here. Can you check where they left it?",
            "parcel marked as delivered, not here, not with neighbours. what now",
        ),
        "mirror": (
            "your parcel shows as delivered but never actually reached you",
            "the tracking says your {item} was delivered on {due} but you never got it",
            "the delivery photo isn't even your door and you still don't have your {item}",
            "the tracking says it was delivered yesterday afternoon while you were home, and nothing came",
            "your parcel says delivered but it isn't with you or either of your neighbours",
        ),
        "explore": (
            ("Does the delivery photo show a front door you recognise — maybe a neighbour's?", "no, it's a blue door, ours is white. no idea whose it is"),
            ("Is there anywhere it could have been left out of sight, like a porch, shed or meter cupboard?", "I've looked everywhere, even the recycling bin. Nothing."),
            ("Could anyone else at your address have taken it in?", "No, I live on my own and I was in all day."),
        ),
        "fix": (
            "I've logged it as a misdelivery with {courier} and sent a replacement {item} on next-day delivery, so you don't have to wait for their investigation.",
            "The driver's GPS shows the drop-off nowhere near your address, so I've issued a full refund of {price} to your original payment method — you'll see it in 3–5 working days.",
        ),
        "pending": ("I've raised a missing parcel claim with {courier}. They investigate for up to 3 working days, and I'll get back to you by {next_day} with either the parcel or a refund.",),
        "refuse": (
            "As the courier has proof of delivery, we can't refund or replace it. You could report it to the police as stolen.",
            "The courier has marked it delivered with a photo, so the claim has been declined.",
        ),
        "blame": ("The courier has a photo of it delivered, so it was delivered.", "If you don't have a safe place set up, parcels get left where the driver thinks is best."),
        "follow": (
            ("Do I need to fill in a form or anything?", "No, I've done the claim for you — nothing else needed on your side."),
            ("What if the original turns up?", "Just let us know and we'll sort it out — you won't be charged twice."),
        ),
        "stakes": DELIVERY_STAKES[:4],
        "of": {
            "mirror": ((0, 3), (0, 4), (1, 2), (0,), (0, 4)),
            "explore": ((0, 1), (0,), (1, 2), (0, 1, 2), (0,)),
        },
    },
    {
        "key": "tracking-stuck", "issue": "delivery-status", "team": "orders", "needs": "order",
        "moods": {"neutral": 0.3, "confused": 0.25, "frustrated": 0.25, "anxious": 0.1, "angry": 0.1},
        "bot": ("tracking not updating", "tracking", "where is it"),
        "problem": (
            "The tracking link in my email just says 'label created' and hasn't changed for {days} days. Has it actually been sent?",
            "Tracking number doesn't work on the {courier} website, says 'not found'.",
            "Hi, is my order actually on its way? Tracking has been on 'preparing for dispatch' since {due}.",
            "Can someone check my order please, the tracking hasn't updated in ages and I'm starting to think it's lost.",
        ),
        "mirror": (
            "the tracking has said 'label created' for {days} days and you can't tell whether it's even been sent",
            "your tracking number comes back as 'not found' on the {courier} site",
            "your order has been sitting on 'preparing for dispatch' since {due}",
            "the tracking hasn't updated in ages and you're worried your order is lost",
        ),
        "explore": (("Are you using the link in the dispatch email, or typing the number into the {courier} site?", "the link in the email. Tried both actually"),),
        "fix": (
            "It left our warehouse yesterday — the first scan was just missed. Here's a working tracking link: {courier_link}. It's due with you tomorrow.",
            "It was waiting on one item that's now in stock, and it was dispatched this morning. Your new tracking number is {tracking}.",
        ),
        "pending": ("I've asked the warehouse to confirm it has shipped and I'll come back to you by {next_day}.",),
        "refuse": ("I can only see the same information as you, so there isn't anything I can do until the courier scans it.",),
        "blame": ("Tracking takes 24–48 hours to update. That's explained in the dispatch email.",),
        "follow": (
            ("So it's definitely coming?", "Yes — it's on the van schedule for tomorrow."),
            ("Can I change the delivery day?", "Yes, once it's with {courier} you can pick a new day from their text."),
        ),
        "stakes": DELIVERY_STAKES[2:],
        "of": {"mirror": ((0,), (1,), (2,), (3,)), "explore": ((0,), (0,), (), ())},
    },
    {
        "key": "wrong-address", "issue": "delivery-status", "team": "orders", "needs": "order", "moods": PROBLEM_MOODS,
        "bot": ("delivered to wrong address", "wrong house"),
        "problem": (
            "My parcel was delivered to the wrong address — it's showing as delivered to {wrong_street}, which isn't even my road.",
            "The driver left my {item} at number {wrong_num}. I've knocked and they say they haven't got it.",
            "Why has my order gone to my old address?? I changed it on my account months ago.",
        ),
        "mirror": (
            "your parcel shows as delivered to {wrong_street}, which isn't even your road",
            "the driver left your {item} at number {wrong_num} and they say they haven't got it",
            "your order went to your old address even though you changed it on your account months ago",
        ),
        "explore": (("When you changed your address, did you also update it on the order itself, or just on your account?", "just the account I think? I didn't know they were different"),),
        "fix": (
            "I've sent a replacement {item} to your correct address on next-day delivery and raised it with {courier} so they can collect the first one.",
            "I've refunded the full {price} today and raised it with {courier} so they can collect the first parcel.",
        ),
        "pending": ("I've asked {courier} to retrieve it from the address it was left at. If they can't within 2 days, I'll send a replacement.",),
        "refuse": ("As the order was delivered to an address on your account, we can't take responsibility for it.",),
        "blame": (
            "The order was sent to the address you entered. You need to check it at checkout.",
            "You should have updated the address before placing the order.",
            "Have you asked your neighbours properly? Drivers don't just leave parcels at random houses.",
        ),
        "follow": (("How do I stop this happening again?", "Under Account > Addresses, set the new one as default and delete the old one."),),
        "stakes": DELIVERY_STAKES[:3],
        "of": {"mirror": ((0,), (1,), (2,)), "explore": ((), (), (0,)), "blame": ((2,), (2,), (0, 1)), "follow": ((), (), (0,)), "refuse": ((), (), (0,))},
    },
    {
        "key": "missed-delivery", "issue": "delivery-status", "team": "orders", "needs": "order",
        "moods": {"frustrated": 0.45, "angry": 0.3, "neutral": 0.15, "disappointed": 0.1},
        "bot": ("missed delivery but i was in", "redelivery"),
        "problem": (
            "I got a 'sorry we missed you' card but I was IN all day. Nobody knocked. Now it's going back to the depot.",
            "The courier says they tried to deliver my {item} but nobody was home. I was sitting by the window the whole time.",
            "Can you rebook my delivery? The driver didn't even try, just left a card.",
        ),
        "mirror": (
            "you got a 'missed you' card even though you were in all day and nobody knocked",
            "the courier claims they tried to deliver your {item} while you were sitting by the window the whole time",
            "the driver didn't even try to deliver, just left a card",
        ),
        "explore": (("Did the card give a reference number or say where it's gone?", "says it's at the {courier} depot in {town}, ref {tracking}"),),
        "fix": (
            "I've rebooked it for delivery on {next_day} and asked {courier} to make sure the driver calls ahead. I've also logged a complaint about the attempted delivery.",
            "I've arranged for it to go to a collection point near you instead — you'll get a code by text today.",
        ),
        "pending": ("I've asked {courier} to rebook it; they'll text you a new date within 24 hours.",),
        "refuse": ("You'll need to rebook it with {courier} directly using the card they left.",),
        "blame": ("If no one answers the door the driver has to take it back. That's standard.",),
        "follow": (("Do I need the card they left?", "No, you won't need it — everything's linked to your order now."),),
        "stakes": DELIVERY_STAKES[1:4],
        "of": {"mirror": ((0,), (1,), (2,)), "explore": ((0,), (), (0,))},
    },
    # ------------------------------------------------------------ refund
    {
        "key": "return-not-refunded", "issue": "refund", "team": "orders", "needs": "order", "moods": PROBLEM_MOODS,
        "bot": ("refund", "where is my refund", "returned item no refund"),
        "problem": (
            "I returned my {item} {returned_ago} and I still haven't had my refund. The tracking shows you received it.",
            "Where is my refund?? Sent the {item} back {returned_ago}, you signed for it, and I've had nothing.",
            "Hi, I sent back order {order} and was told refunds take 5 days. It's been {refund_days} working days.",
            "I'm chasing a refund of {price} for a {item} I returned. Nobody has replied to my last two emails.",
            "refund still not come through for my return. its been weeks",
        ),
        "mirror": (
            "you sent the {item} back {returned_ago}, we received it, and you still haven't had your refund",
            "your refund still hasn't come through after {refund_days} working days, when you were told 5",
            "you're still waiting on your {price} refund for the {item} and nobody has answered your last two emails",
            "your refund still hasn't come through weeks after you sent the return back",
        ),
        "explore": (("Do you have the returns tracking number, so I can match it to the warehouse scan?", "yes it's {tracking}"),),
        "fix": (
            "The return was scanned in but never booked on our system, which is why it stalled. I've processed the {price} refund now — it'll reach your card in 3–5 working days.",
            "I've pushed the refund of {price} through manually just now. You'll get a confirmation email within the hour.",
        ),
        "pending": ("The warehouse still has to inspect the {item}. I've flagged it as urgent and the refund should be issued by {next_day}.",),
        "refuse": ("Our warehouse hasn't finished processing the return yet, so we can't refund it until they have.",),
        "blame": ("Refunds take up to 14 days after we receive the item. It's in the returns policy.", "If you'd used the prepaid label it would have been processed faster."),
        "follow": (
            ("Will it go back to the same card?", "Yes, it always goes back to the card you paid with."),
            ("Can I get a confirmation in writing?", "Of course — you'll get an email with the refund reference as soon as it's processed."),
            ("Why did it take so long?", "The return was scanned but not matched to your order, so it didn't trigger the refund. That's on us."),
        ),
        "stakes": MONEY_STAKES,
        "of": {"mirror": ((0,), (0,), (1,), (2,), (3,))},
    },
    {
        "key": "partial-refund", "issue": "refund", "team": "orders", "needs": "order", "moods": {"confused": 0.3, "frustrated": 0.35, "angry": 0.2, "neutral": 0.15},
        "bot": ("wrong refund amount", "refund"),
        "problem": (
            "I've only been refunded £{partial} but I paid {price} for the {item}. Where's the rest?",
            "Why did I get a partial refund? Nobody told me there'd be a deduction.",
            "Got my refund but it's £{short} short. Is there a restocking fee? That wasn't mentioned anywhere.",
        ),
        "mirror": (
            "you paid {price} for the {item} but were only refunded £{partial}",
            "you got a partial refund and nobody told you there'd be a deduction",
            "your refund came through £{short} short and a restocking fee was never mentioned",
        ),
        "explore": (("Was the {item} returned in its original box?", "yes everything was in the original box, even the plastic bags"),),
        "fix": (
            "The £{short} was wrongly taken off as a restocking fee — that shouldn't apply to your return. I've refunded the difference now.",
            "The original delivery charge wasn't included in the refund by mistake. I've just sent the remaining £{short}.",
        ),
        "pending": ("I've asked the returns team why the deduction was made and will let you know by {next_day}.",),
        "refuse": ("A deduction was made because the item was returned without its original packaging.",),
        "blame": ("Restocking fees are in the returns policy, which you agreed to at checkout.",),
        "follow": (("Will I get an email about it?", "Yes, a refund confirmation will come through today."),),
        "stakes": MONEY_STAKES,
        "of": {"mirror": ((0,), (1,), (2,))},
    },
    {
        "key": "missing-item-refund", "issue": "refund", "team": "orders", "needs": "order", "moods": PROBLEM_MOODS,
        "bot": ("item missing from order", "missing item"),
        "problem": (
            "My order arrived but the {item2} was missing. I was charged for it. Can I have a refund please?",
            "Only got half my order. The {item} is here but no {item2}, and the packing slip says it was packed!",
            "One item missing from order {order}. I'd like my money back for it.",
        ),
        "mirror": (
            "your order came without the {item2}, even though you were charged for it",
            "the {item2} was missing from the box although the slip says it was packed",
            "one item was missing from order {order}",
        ),
        "explore": (("Did it arrive as one box, or could there be a second parcel on its way?", "just one box. The tracking only mentions one parcel"),),
        "fix": ("I've refunded the {item2} in full today — you'll see it on your card in 3–5 working days.", "I've sent the missing {item2} out separately on next-day delivery at no cost."),
        "pending": ("I've asked the warehouse to check the packing camera footage; they'll confirm by {next_day} and I'll refund or resend then.",),
        "refuse": ("Our records show the order was packed complete, so I can't refund it.",),
        "blame": ("Our records show it was packed. Are you sure it's not still in the box?",),
        "follow": (("Will I get an email confirming it?", "Yes, you'll get a confirmation email within the hour."),),
        "stakes": ITEM_STAKES,
        "of": {"mirror": ((0,), (1,), (2,)), "fix": ((0, 1), (0, 1), (0,))},
    },
    {
        "key": "refund-to-closed-card", "issue": "refund", "team": "orders", "needs": "order", "moods": {"anxious": 0.45, "confused": 0.25, "neutral": 0.2, "frustrated": 0.1},
        "bot": ("refund to old card", "card cancelled refund"),
        "problem": (
            "My refund went to a card I've since cancelled. Will I lose the money? Can you send it to my bank instead? My IBAN is {iban}.",
            "I had a refund of {price} sent to my old debit card which has been closed. How do I get it?",
        ),
        "mirror": ("your refund went to a card you've since cancelled", "your {price} refund went to your old debit card, which has been closed"),
        "explore": (("Have you been able to ask your bank whether they received it on the closed account?", "they said they'd bounce it back to you?"),),
        "fix": (
            "Don't worry, refunds to closed cards come back to us automatically and we then pay them out another way. I've sent it by bank transfer to the account your bank gave us.",
            "Your bank will pass it to your new card automatically — I've checked with our payments team and it's gone through. You'll see it within 5 days.",
        ),
        "pending": ("It can take up to 10 working days for the bank to bounce it back; once it does I'll reissue it and let you know.",),
        "refuse": ("We can only refund to the original payment method. You'll need to speak to your bank.",),
        "blame": ("We can only refund to the card you paid with. You should have told us before closing it.",),
        "follow": (("Is my money safe though?", "Yes — it can't go missing, it either lands with your bank or comes back to us."),),
        "stakes": MONEY_STAKES,
        "of": {"mirror": ((0,), (1,))},
    },
    # ------------------------------------------------------------ replacement
    {
        "key": "arrived-damaged", "issue": "replacement", "team": "orders", "needs": "order", "moods": PROBLEM_MOODS, "items": "EFUK",
        "bot": ("item damaged", "broken item", "replacement"),
        "problem": (
            "My {item} arrived damaged. The box was crushed and it's cracked down one side. I'd like a replacement.",
            "Just opened my {item} and it's broken. Literally in pieces. Photos attached.",
            "The {item} I ordered came with a big dent in it. Not impressed.",
            "{item} arrived smashed!! box looked like someone stood on it",
            "Hi there, unfortunately my {item} arrived with a chip in it. Could you send another please?",
        ),
        "mirror": (
            "your {item} arrived cracked down one side and the box was crushed",
            "your {item} came out of the box in pieces",
            "your {item} arrived with a big dent in it",
            "your {item} arrived smashed and the box looked like it had been stood on",
            "your {item} arrived with a chip in it",
            "your new {item} arrived damaged",
        ),
        "explore": (
            ("Is the box damaged too, or just the {item} inside?", "box was fine actually, it's just the {item} that's damaged"),
            ("Is it safe to use, or is anything sharp or exposed?", "there's a sharp edge so I've put it in the garage away from the kids"),
        ),
        "fix": (
            "I've sent a replacement {item} on next-day delivery, and {courier} will collect the damaged one at the same time — no need to repack it perfectly.",
            "A new {item} is on its way for {next_day}. Please keep or recycle the damaged one; we don't need it back.",
            "I've refunded the {price} in full and arranged a free collection for the damaged {item}.",
        ),
        "pending": ("The {item} is out of stock until {restock_day}. I've reserved the first one back in for you and will ship it the same day.",),
        "refuse": ("Damage has to be reported within 48 hours of delivery, so I can't offer a replacement.",),
        "blame": ("Damage must be reported within 48 hours. You should have checked it when it arrived.", "We need photos before we can do anything. It says that on the form."),
        "follow": (
            ("Do I need to send the broken one back?", "No, please keep or recycle it — we don't need it back."),
            ("Can I have a refund instead?", "Of course, I'll cancel the replacement and refund {price} instead."),
            ("Will the new one be packed better?", "I've asked for it to be double-boxed."),
            ("Do I need to be in for the collection?", "Not necessarily — leave it somewhere safe and put where in the delivery notes."),
        ),
        "after_fix": {0: (1, 2, 3), 1: (0, 1, 2), 2: (3,)},
        "stakes": ITEM_STAKES,
        "of": {
            "mirror": ((0, 5), (1, 5), (2, 5), (3,), (4, 5)),
            "explore": ((1,), (0, 1), (0,), (1,), (0,)),
            "blame": ((0,), (0,), (0, 1), (0, 1), (0, 1)),
        },
    },
    {
        "key": "wrong-item", "issue": "replacement", "team": "orders", "needs": "order", "moods": PROBLEM_MOODS,
        "bot": ("wrong item sent", "wrong colour"),
        "problem": (
            "I ordered a {item} in {colour} and received a completely different one in {colour2}.",
            "You've sent me the wrong item. I ordered a {item} and got a {item2}.",
            "Wrong size again!! Ordered a double, got a single. Second time this has happened.",
        ),
        "mirror": (
            "you ordered the {item} in {colour} and got one in {colour2}",
            "you were sent a {item2} instead of the {item} you ordered",
            "you ordered a double and got a single, for the second time",
        ),
        "explore": (("Does the label on the box say {colour} or {colour2}?", "label says {colour}! so it's been packed wrong"),),
        "fix": (
            "I've sent the correct one out today on next-day delivery and booked a collection for the wrong one on the same day.",
            "The right one is on its way and I've added a £10 credit for the hassle. {courier} will collect the wrong item when they drop off.",
        ),
        "pending": ("The correct one isn't in stock until {restock_day}. I'll send it then, and you can keep the wrong one until it arrives.",),
        "refuse": ("We can only exchange unused items, and that one has been opened, so I can't send a replacement.",),
        "blame": ("Are you sure you didn't select the wrong option? A lot of customers do.",),
        "follow": (("Do I need to repack the wrong one?", "Any box will do — the driver brings a label."),),
        "stakes": ITEM_STAKES,
        "of": {"mirror": ((0,), (1,), (2,)), "explore": ((0,), (), ())},
    },
    {
        "key": "faulty-after-use", "issue": "replacement", "team": "orders", "needs": "order", "moods": PROBLEM_MOODS, "items": "E",
        "bot": ("item stopped working", "faulty"),
        "problem": (
            "My {item} stopped working after two weeks. It just won't turn on anymore.",
            "The {item} I bought last month has started making a horrible buzzing noise and now it's dead.",
            "Bought a {item} in {month}, it's already broken. Is it covered by the warranty?",
            "{item} not working. Tried different sockets. Nothing.",
        ),
        "mirror": (
            "your {item} stopped working after only two weeks",
            "the {item} you bought last month started buzzing and has now died",
            "the {item} you bought in {month} is already broken",
            "your {item} won't work at all, even in different sockets",
        ),
        "explore": (
            ("When you plug it in, does any light come on at all?", "no lights, nothing. tried 3 different sockets"),
            ("Does it make any sound before it cuts out?", "a click and then nothing"),
        ),
        "fix": (
            "That's definitely a fault, and it's covered. I've sent a replacement {item} for {next_day} and the courier will take the faulty one away.",
            "As it's within 30 days I've refunded you the full {price} and booked a free collection.",
        ),
        "pending": ("I've logged a warranty claim with the manufacturer. They normally reply within 5 working days and I'll follow it up.",),
        "refuse": ("As it's been more than 30 days, you'll need to contact the manufacturer directly for a warranty repair.",),
        "blame": ("Most faults like that are caused by misuse. Did you read the instructions?",),
        "follow": (("Do I need the receipt?", "No, your order is enough as proof of purchase."),),
        "stakes": ITEM_STAKES,
        "of": {"mirror": ((0,), (1,), (2,), (3,)), "explore": ((0, 1), (0,), (0, 1), (1,))},
    },
    {
        "key": "missing-parts", "issue": "replacement", "team": "orders", "needs": "order", "items": "F",
        "moods": {"frustrated": 0.4, "confused": 0.2, "angry": 0.2, "neutral": 0.2},
        "bot": ("missing parts", "missing screws"),
        "problem": (
            "Half way through building the {item} and there are no screws for the back panel. Bag C is just missing.",
            "My {item} came without the instructions or the fixing kit, so I can't put it together.",
            "Missing parts in my {item}. Pack 4 isn't in the box.",
        ),
        "mirror": (
            "you're halfway through building the {item} and bag C with the back-panel screws is missing",
            "your {item} came without the instructions or the fixing kit, so you can't put it together",
            "pack 4 is missing from your {item}",
        ),
        "explore": (("Is there a part number printed on the instruction sheet for the missing bag?", "it says part 7731-C"),),
        "fix": ("I've sent the missing fixings by first class post — they should be with you {next_day}.", "The missing parts are on their way by courier for tomorrow, and I've attached a PDF of the instructions."),
        "pending": ("I've ordered the missing pack from the supplier; it usually takes 5–7 days and I'll send it on as soon as it lands.",),
        "refuse": ("Spare parts have to be ordered from the manufacturer, we don't hold them.",),
        "blame": ("Are you sure you've checked every bag? They're usually there.",),
        "follow": (("Can I use normal screws in the meantime?", "I wouldn't for the back panel — they're a special size. Best to wait for the pack."),),
        "stakes": (("I've had the bits all over the living room floor for days.", "with it all spread over your living room floor for days"), ("", "")),
        "of": {"mirror": ((0,), (1,), (2,)), "explore": ((0,), (), (0,)), "follow": ((0,), (), ())},
    },
    # ------------------------------------------------------------ complaint (orders)
    {
        "key": "rude-driver", "issue": "complaint", "team": "orders", "needs": "order", "moods": {"angry": 0.4, "frustrated": 0.3, "disappointed": 0.2, "sad": 0.1},
        "bot": ("complaint about driver", "complaint"),
        "problem": (
            "I want to complain about your delivery driver. He threw my parcel over the gate and swore at me when I asked him to be careful.",
            "Your driver was incredibly rude to my dad today. He's 84 and the driver shouted at him for taking too long to get to the door.",
            "The driver left my {item} in the rain on the doorstep and drove off. When I called after him he just laughed.",
        ),
        "mirror": (
            "the driver threw your parcel over the gate and swore at you when you asked him to be careful",
            "the driver shouted at your 84-year-old dad for taking too long to get to the door",
            "the driver left your {item} out in the rain and laughed when you called after him",
        ),
        "explore": (("Do you remember roughly what time it was, so I can match it to the driver's route?", "about quarter past 2, white van with {courier} on the side"),),
        "fix": (
            "I've raised a formal complaint with {courier} with the time and address, and they've confirmed it'll be taken up with the driver directly. I've also added a £15 credit to your account.",
            "I've reported it to {courier}'s driver standards team and asked that this driver doesn't deliver to your address again.",
        ),
        "pending": ("I've passed this to {courier}; they investigate driver complaints within 5 working days and I'll share what they tell me.",),
        "refuse": ("Drivers are employed by the courier, not by us, so you'll need to complain to {courier} directly.",),
        "blame": ("Drivers are under a lot of pressure. I'm sure he didn't mean anything by it.", "That's the courier's problem, not ours."),
        "follow": (("Will anything actually happen to him?", "{courier} take these seriously — they'll review his route and speak to him."),),
        "stakes": NONE,
        "of": {"mirror": ((0,), (1,), (2,))},
    },
    {
        "key": "price-drop", "issue": "complaint", "team": "orders", "needs": "order", "moods": {"frustrated": 0.35, "disappointed": 0.35, "angry": 0.15, "neutral": 0.15},
        "bot": ("price dropped after I bought", "price match"),
        "problem": (
            "I bought the {item} for {price} last week and now it's on your site for £{sale}. Can I have the difference back?",
            "Bit annoyed — the {item} I bought 5 days ago is now £{short} cheaper in your sale.",
        ),
        "mirror": ("you paid {price} for the {item} last week and it's now £{sale}", "the {item} you bought five days ago is now £{short} cheaper in the sale"),
        "explore": (("Is the {item} still unopened?", "yes still in the box"),),
        "fix": ("We price-match within 14 days, so I've refunded the £{short} difference to your card.", "I've refunded the £{short} difference as a one-off."),
        "pending": ("I've asked the pricing team whether we can honour it and will let you know by {next_day}.",),
        "refuse": ("Sale prices aren't backdated, I'm afraid. You could return it and re-buy it at the new price.",),
        "blame": ("Prices change all the time. You chose to buy it at that price.",),
        "follow": (("Will it go back to my card?", "Yes, same card, 3–5 working days."),),
        "stakes": MONEY_STAKES,
        "of": {"mirror": ((0,), (1,))},
    },
    {
        "key": "no-reply", "issue": "complaint", "team": "orders", "needs": "order", "moods": {"angry": 0.45, "frustrated": 0.45, "disappointed": 0.1},
        "bot": ("nobody replies to my emails", "complaint"),
        "problem": (
            "I've emailed you three times about my broken {item} and nobody has replied. Is anyone actually there?",
            "Your agent hung up on me yesterday mid-sentence while I was asking about my broken {item}. I want to make a formal complaint.",
            "Two weeks, four emails, zero replies about my damaged {item}. What is the point of your customer service?",
        ),
        "mirror": (
            "you've emailed three times about your broken {item} and not had a single reply",
            "you were cut off mid-sentence by one of our agents yesterday while asking about your {item}",
            "you've sent four emails in two weeks about your damaged {item} without a reply",
        ),
        "explore": (("Is the {item} usable at all, or completely broken?", "completely, it doesn't work at all"),),
        "fix": (
            "I've found your earlier emails — they were sitting in the wrong queue. I've sent a replacement {item} out today and made sure any reply comes straight to me.",
            "I've taken ownership of this myself: a replacement {item} is on its way for {next_day}, and I've fed back about the call.",
        ),
        "pending": ("I've found your messages and passed them to the team lead to look at; you'll hear back by {next_day}.",),
        "refuse": ("We're experiencing high volumes, so response times are longer than usual.",),
        "blame": ("We're very busy. Sending multiple emails only slows things down.",),
        "follow": (("Why were they ignored?", "They were filed under the wrong issue type, so they sat in a queue nobody was watching. That's been fixed."),),
        "stakes": NONE,
        "of": {"mirror": ((0,), (1,), (2,)), "fix": ((0,), (1,), (0,)), "follow": ((0,), (), (0,)), "blame": ((0,), (), (0,))},
    },
    {
        "key": "cancel-order", "issue": "cancellation", "team": "orders", "needs": "order", "moods": {"neutral": 0.35, "anxious": 0.3, "frustrated": 0.2, "confused": 0.15},
        "bot": ("cancel order", "cancel my order"),
        "problem": (
            "I need to cancel order {order} please, I ordered the wrong size by mistake.",
            "Can I cancel my order? It hasn't been dispatched yet but there's no cancel button.",
            "Please cancel my {item} order, I found it cheaper elsewhere.",
            "I've tried to cancel my order online three times and it keeps saying 'error'.",
        ),
        "mirror": (
            "you'd like to cancel order {order} because you ordered the wrong size",
            "you want to cancel your order before it's dispatched but there's no cancel button",
            "you'd like to cancel your {item} order because you've found it cheaper elsewhere",
            "you've tried to cancel online three times and keep getting an error",
        ),
        "explore": (("Would you like me to swap it for the right size instead, or cancel completely?", "just cancel please"),),
        "fix": ("Done — the order is cancelled and the {price} will be back on your card in 3–5 working days.", "I've caught it before dispatch and cancelled it. You'll get a confirmation email shortly."),
        "pending": ("It's already being picked at the warehouse, so I've asked them to pull it. I'll confirm by {next_day}.",),
        "refuse": ("The order has already been dispatched, so it can't be cancelled. You can return it when it arrives.",),
        "blame": ("You should have checked the size before ordering.", "Cancellations have to be made within an hour of ordering. It says so in the confirmation."),
        "follow": (("Will I get an email confirming it?", "Yes, the cancellation confirmation goes to the email on the order."),),
        "stakes": (("", ""), ("I can't really afford to pay twice.", "when you can't afford to pay for it twice")),
        "of": {"mirror": ((0,), (1,), (2,), (3,)), "explore": ((0,), (), (), ()), "blame": ((0, 1), (1,), (1,), (1,))},
    },
    # ------------------------------------------------------------ how-to (orders)
    {
        "key": "change-address", "issue": "how-to", "team": "orders", "needs": "order", "moods": HOWTO_MOODS, "owed": False,
        "bot": ("change delivery address",),
        "problem": (
            "Hi, can I change the delivery address on an order I placed this morning?",
            "How do I change where my order is delivered to? I'm going to be at work.",
            "Is it possible to get my parcel delivered to my work address instead?",
        ),
        "mirror": ("you'd like your order delivered to a different address",),
        "explore": (("Has it been dispatched yet, do you know?", "don't think so, it says 'processing'"),),
        "fix": (
            "Yes — as it hasn't been dispatched yet I've changed it for you. You'll get an updated confirmation email.",
            "You can do it yourself under My orders > Change delivery until it's dispatched. I've updated this one for you though.",
        ),
        "pending": ("I've sent the request to the warehouse; if it's not packed yet they'll update it today.",),
        "refuse": ("It's already been dispatched, so you'll need to use the {courier} text to redirect it.",),
        "blame": ("It's all in My orders, it's not hard to find.",),
        "follow": (("Do I need to do anything else?", "Nope, that's all done."),),
        "stakes": NONE,
    },
    {
        "key": "returns-process", "issue": "how-to", "team": "orders", "needs": "none", "moods": HOWTO_MOODS, "owed": False,
        "bot": ("how do i return something", "return"),
        "problem": (
            "How do I return something? The {item} doesn't go with my room.",
            "What's your returns policy? I'd like to send back a {item}.",
            "Hi, do I have to pay for returns?",
            "can I return something I bought in the sale?",
        ),
        "mirror": ("you'd like to return the {item}", "you'd like to know whether returns are free", "you'd like to return something you bought in the sale"),
        "explore": (("Is it unused and in its original packaging?", "yes never used"),),
        "fix": (
            "You can return anything within 30 days. Go to My orders, choose the item, and print the free returns label — or pick QR code and drop it at any {courier} point.",
            "Returns are free within 30 days, including sale items. Start it from My orders and you'll get a label by email.",
        ),
        "pending": ("",),
        "refuse": ("",),
        "blame": ("It's all in the returns policy linked at the bottom of every page.",),
        "follow": (("How long does the refund take?", "Usually 3–5 working days after it reaches us."),),
        "stakes": NONE,
        "of": {"mirror": ((0,), (0,), (1,), (2,)), "fix": ((0, 1), (0, 1), (1,), (1,))},
    },
    {
        "key": "ship-abroad", "issue": "how-to", "team": "orders", "needs": "none", "moods": HOWTO_MOODS, "owed": False,
        "bot": ("do you deliver abroad",),
        "problem": ("Do you deliver to Ireland?", "Hi, can I order to an address in France?", "Do you ship to Jersey and is there customs?"),
        "mirror": ("you'd like to know if we deliver to Ireland", "you'd like to order to an address in France", "you'd like to know about delivery and customs for Jersey"),
        "explore": (),
        "fix": (
            "We deliver to Ireland, France, Germany and the Netherlands. Delivery is £9.95 and takes 3–5 working days; any duties are included at checkout.",
            "Yes! We ship to the Channel Islands for £6.95. There's no customs charge on orders under £135.",
        ),
        "pending": ("",),
        "refuse": ("",),
        "blame": ("There's a full list on the delivery page.",),
        "follow": (("Can I return from there too?", "Yes, you'll get a prepaid international label."),),
        "stakes": NONE,
        "of": {"mirror": ((0,), (1,), (2,)), "fix": ((0,), (0,), (1,))},
    },
    {
        "key": "assembly-service", "issue": "how-to", "team": "orders", "needs": "none", "moods": HOWTO_MOODS, "owed": False, "items": "F",
        "bot": ("assembly service",),
        "problem": (
            "Do you offer an assembly service for the {item}?",
            "Is the {item} easy to put together or does it need two people?",
            "Hi! What are the dimensions of the {item} when it's flat-packed? Want to make sure it fits up my stairs.",
        ),
        "mirror": ("you'd like the {item} assembled for you", "you'd like to know how hard the {item} is to put together", "you want to check the {item} boxes will fit up your stairs"),
        "explore": (),
        "fix": (
            "Yes — you can add assembly at checkout for £35, and the team will take the packaging away too.",
            "It's a two-person job, about 45 minutes, with everything you need in the box.",
            "The biggest box is 190 x 45 x 12 cm and weighs 28 kg, so it should go up most staircases on its side.",
        ),
        "pending": ("",),
        "refuse": ("",),
        "blame": ("The dimensions are on the product page.",),
        "follow": (("Can I add assembly after ordering?", "Yes, reply here before it's dispatched and I'll add it."),),
        "stakes": NONE,
        "of": {"mirror": ((0,), (1,), (2,)), "fix": ((0,), (1,), (2,))},
    },
    # ------------------------------------------------------------ other (orders)
    {
        "key": "compliment", "issue": "other", "team": "orders", "needs": "none", "moods": {"happy": 0.7, "grateful": 0.3}, "owed": False, "items": "FU",
        "bot": ("feedback",),
        "problem": (
            "Just wanted to say the delivery driver today was lovely — carried the {item} upstairs for me as I've got a bad back. Please pass on my thanks!",
            "Got my {item} today and it's gorgeous. Really well packed too. Thank you!",
            "Not a complaint for once haha — your team sorted my return so quickly last week, thank you.",
        ),
        "mirror": ("",),
        "explore": (),
        "fix": ("That's so lovely to hear — I'll pass it on to {courier} and the driver.", "Thank you for taking the time to tell us! I've shared it with the team."),
        "pending": ("",),
        "refuse": ("",),
        "blame": ("Ok.",),
        "follow": (),
        "stakes": NONE,
        "of": {"fix": ((0,), (1,), (1,))},
    },
    {
        "key": "product-question", "issue": "other", "team": "orders", "needs": "none", "moods": HOWTO_MOODS, "owed": False,
        "bot": ("product question",),
        "problem": (
            "What's the warranty on the {item}?", "Will the {colour} {item} be back in stock soon?",
            "Does the {item} come in {colour2}?", "How heavy is the {item}? I'm on the 4th floor with no lift.",
        ),
        "mirror": ("",),
        "explore": (),
        "fix": (
            "It has a 2-year warranty as standard, and you can register it for a third year free.",
            "We're expecting more stock on {restock_day}. If you click 'notify me' on the product page you'll get an email as soon as it's back.",
            "Not at the moment, I'm afraid — only in {colour} for now. I've passed your request on to the buying team.",
            "It's 14 kg boxed. Our two-person delivery will bring it up to any floor at no extra cost.",
        ),
        "pending": ("",),
        "refuse": ("",),
        "blame": ("It's on the product page.",),
        "follow": (("Can I reserve one?", "We can't reserve stock, but the 'notify me' email goes out as soon as it lands."),),
        "stakes": NONE,
        "of": {"fix": ((0,), (1,), (2,), (3,)), "follow": ((), (0,), (), ())},
    },
]
