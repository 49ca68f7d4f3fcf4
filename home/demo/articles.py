"""Demo content for the blog: two fictional authors and five original articles.

Plain Python data with no Django imports, so it can be read, tested and reused anywhere.
The blog's demo loader (``blog/demo.py``) is meant to turn it into authors and article
pages. Everything here was written for this project: the practice (Harbor Light Counselling,
Maple Falls), its people, phone numbers (the fictional 555-01xx range) and ``.example``
addresses are invented.

AUTHORS is a list of dicts:
    key           short id that ARTICLES["authors"] refers to, e.g. "maya"
    name          full name, without credentials
    credentials   letters shown after the name, e.g. "PMHNP-BC", "LCSW"
    role          one line, e.g. "Psychiatric mental health nurse practitioner"
    bio           2-4 sentences of plain text (no HTML), first person
    location      town and state
    phone         display form, e.g. "(555) 010-4478"
    email         address at harborlight.example
    booking_url   https://harborlight.example/book/<key>/
    social_links  list of (network name, url) tuples

ARTICLES is a list of dicts, oldest first:
    slug          URL slug, unique
    title, subtitle
    summary       one or two sentences (at most 250 characters) for listings, feeds and meta
    tags          2-4 lowercase tag names, shared between articles
    authors       one or two AUTHORS keys, in display order
    days_ago      publication date as a number of days before the day the demo is loaded
    sensitive     True when the article should show a content note near the top
    content_note  text of that note ("" when not sensitive)
    related       slugs of other articles picked by the editor, in order
    body          list of tuples in reading order:
                    ("p", text)                        paragraph, plain text; "[n]" marks footnote n
                    ("h2", text) / ("h3", text)        headings
                    ("quote", text, attribution)       pull quote
                    ("callout", heading, text)         key takeaway box
                    ("related", slug, lead_in)         "For more on X, read <article title>"
                    ("image", caption)                 a generated abstract illustration
                    ("divider",)                       a section break
    footnotes     list of footnote texts; "[1]" in a paragraph refers to footnotes[0]

Every article has 6-12 paragraphs whose text totals 600-1200 words,
2-4 headings, a pull quote, a callout, an image, a related link and at least one footnote.
Footnotes name real, checkable public sources; no statistics or quotations are invented.
Pull quotes are composites, not the words of a real client, and say so.
"""

AUTHORS = [
    {
        "key": "maya",
        "name": "Maya Okafor",
        "credentials": "PMHNP-BC",
        "role": "Psychiatric mental health nurse practitioner",
        "bio": "I am a psychiatric mental health nurse practitioner: I assess, "
        "prescribe and review medication, and I spend at least as much "
        "time listening as I do adjusting doses. Before joining Harbor "
        "Light I worked on a community mental health team, which taught "
        "me how much good care depends on people talking to each other. I "
        "see adults and older teenagers, and I work closely with their "
        "therapists and family doctors.",
        "location": "Maple Falls, Oregon",
        "phone": "(555) 010-4478",
        "email": "maya@harborlight.example",
        "booking_url": "https://harborlight.example/book/maya/",
        "social_links": [
            ("LinkedIn", "https://linkedin.example/in/maya-okafor-pmhnp/"),
            ("Mastodon", "https://social.example/@mayaokafor"),
        ],
    },
    {
        "key": "daniel",
        "name": "Daniel Reyes",
        "credentials": "LCSW",
        "role": "Licensed clinical social worker and therapist",
        "bio": "I am a licensed clinical social worker and have worked as a "
        "therapist with adults and teenagers for over a decade, mostly "
        "around anxiety, grief and big life changes. I care about the "
        "practical side of care too, because money, transport, school and "
        "work all shape how therapy goes. Outside the office you will "
        "find me walking the river trail most mornings.",
        "location": "Maple Falls, Oregon",
        "phone": "(555) 010-4479",
        "email": "daniel@harborlight.example",
        "booking_url": "https://harborlight.example/book/daniel/",
        "social_links": [
            ("LinkedIn", "https://linkedin.example/in/daniel-reyes-lcsw/"),
            ("Instagram", "https://instagram.example/harborlight.daniel/"),
        ],
    },
]

ARTICLES = [
    {
        "slug": "boundaries-in-helping-relationships",
        "title": "Boundaries in helping relationships",
        "subtitle": "What the lines in therapy are for, and what to do when one "
        "of them feels strange",
        "summary": "Therapists keep certain lines about time, contact, gifts and "
        "friendship. They are not there to keep you at a distance: "
        "they keep the work safe and about you.",
        "tags": ["boundaries", "therapy basics", "for helpers"],
        "authors": ["daniel"],
        "days_ago": 150,
        "sensitive": False,
        "content_note": "",
        "related": ["knowing-your-role", "saying-goodbye-at-the-end-of-care"],
        "body": [
            (
                "p",
                "Many people arrive at a first appointment with a quiet list "
                "of questions they are not sure they are allowed to ask. Can I "
                "text you? Why won't you tell me about your weekend? Is it "
                "rude that I never ask how you are? Will you say hello if we "
                "meet at the grocery store? These are questions about "
                "boundaries, and they are good questions. A boundary in a "
                "helping relationship is simply an agreed line about what the "
                "relationship is and what it is not. Knowing where the lines "
                "sit, and why, usually makes the work feel safer rather than "
                "colder.",
            ),
            ("h2", "What a boundary is for"),
            (
                "p",
                "Therapy is an unusual relationship. You bring your most "
                "private worries to someone you will probably never meet for "
                "coffee, and that lopsidedness is deliberate. The hour belongs "
                "to you. I am not there to be liked, to be looked after, or to "
                "have my own troubles heard, and the boundaries are what keep "
                "it that way. They protect your time, your privacy and your "
                "freedom to say anything, including that you are annoyed with "
                "me, without worrying about a friendship that might suffer.",
            ),
            (
                "p",
                "Most boundaries are ordinary and practical. Sessions start "
                "and end at agreed times. Fees, cancellations and how to reach "
                "me between appointments are explained at the start and "
                "written down. What you tell me stays confidential, with a "
                "small number of exceptions that the law sets out and that I "
                "go through with you at the first meeting. I don't connect "
                "with clients on social media, I don't go into business with "
                "them, and I don't take on people I already know socially. "
                "None of this says anything about you. These standards apply "
                "to every client, and the professional codes of ethics that "
                "govern our work spell them out.[1]",
            ),
            ("h2", "Lines that bend, and lines that never do"),
            (
                "p",
                "Not every line is fixed. In a small town like Maple Falls we "
                "will probably see each other at the farmers' market, a school "
                "concert or the pharmacy. My habit is to let you decide: if "
                "you say hello, I will say hello back, warmly and briefly, and "
                "I will not mention how we know each other. If you walk past, "
                "that is fine too, and we can talk about it next time if you "
                "want to. A small gift at the end of a piece of work, a card, "
                "a session that runs a few minutes over on a very hard day: "
                "these are judgment calls, and a good clinician thinks them "
                "through rather than following a rule blindly or ignoring the "
                "question.",
            ),
            (
                "p",
                "Some lines do not move at all. A therapist never has a "
                "romantic or sexual relationship with a client, never borrows "
                "money or asks for favors, and never uses what they learn in "
                "sessions for their own benefit. If any of these ever happens, "
                "or begins to happen, it is the professional's responsibility "
                "and never the client's fault, however the situation came "
                "about. You are entitled to stop seeing that person, to tell "
                "someone you trust, and to contact the state licensing board "
                "that oversees their profession.[2]",
            ),
            (
                "quote",
                "I used to think the rule about not texting meant she didn't "
                "care. Now I think it's the reason I can say anything in the "
                "room.",
                "A composite of things clients have told us, with details changed",
            ),
            ("h3", "When a boundary stings"),
            (
                "p",
                "Sometimes a boundary will hurt a little. A reply that takes a "
                "day when you wanted it in an hour, a session that ends while "
                "you are still in the middle of something, a question about my "
                "life that I gently turn back to you. Those moments are worth "
                'bringing into the room. Saying "that felt like a door '
                'closing" often opens some of the most useful conversations in '
                "therapy, because many of us learned about closeness and "
                "distance long before we ever met a counselor. I would much "
                "rather hear about it than have you carry it alone.",
            ),
            (
                "callout",
                "Key takeaway",
                "A boundary is an agreed line about what the helping "
                "relationship is and is not. It exists to keep the work safe "
                "and about you, and you can always ask why a particular line "
                "is there.",
            ),
            ("image", "Two soft circles that touch but do not overlap."),
            ("divider",),
            ("h2", "If you are a helper too"),
            (
                "p",
                "For colleagues, supervisors, peer workers, teachers and "
                "everyone else whose work involves caring for people: "
                "boundaries are not a sign that you care less. They are what "
                "lets you keep caring for years rather than months. Watch for "
                "the small drifts that tend to come before bigger ones: "
                "sharing more of your own story than the moment needs, feeling "
                "that you are the only one who truly understands this person, "
                "answering messages late at night, or keeping something quiet "
                "that you would not want a colleague to see. Each of these is "
                "a cue to talk it through in supervision, not a cause for "
                "shame.",
            ),
            (
                "p",
                "The most reliable protection is a habit of saying things out "
                "loud. Tell clients at the start how contact works, write down "
                "what you agreed, and when something unusual comes up, such as "
                "a gift, an invitation or a chance meeting, name it in the "
                "session and note it in the record. Boundaries that are "
                "explained are far easier to keep than boundaries that are "
                "only felt. Clients do better when they know the rules, and so "
                "do we.",
            ),
            ("related", "knowing-your-role", "For more on what to expect from a therapist, read"),
            (
                "p",
                "If you are unsure whether something in your own care is "
                "within the lines, ask. A good clinician will welcome the "
                "question, explain their reasoning and, if they got it wrong, "
                "say so. That conversation is part of the work, not a "
                "distraction from it.",
            ),
        ],
        "footnotes": [
            "See, for example, the National Association of Social "
            "Workers (NASW) Code of Ethics, section 1.06 (Conflicts of "
            "Interest), and the American Counseling Association (ACA) "
            "Code of Ethics (2014), section A.6 (Managing and "
            "Maintaining Boundaries and Professional Relationships).",
            "In the United States each licensed profession is overseen "
            "by a state licensing board that accepts complaints from "
            "the public. For nurses, the National Council of State "
            "Boards of Nursing (NCSBN) publishes a plain-language "
            "guide, A Nurse's Guide to Professional Boundaries.",
        ],
    },
    {
        "slug": "keeping-care-going-between-crises",
        "title": "Keeping care going between crises",
        "subtitle": "Why the calmer weeks matter, and how to plan for hard times "
        "while you are steady",
        "summary": "Care often starts in a crisis and stops when the crisis "
        "passes. Here is why the calmer weeks are worth keeping, and "
        "how a short plan made while you are well can help when "
        "things get hard again.",
        "tags": ["continuity of care", "crisis planning", "therapy basics"],
        "authors": ["maya", "daniel"],
        "days_ago": 95,
        "sensitive": True,
        "content_note": "This article talks about mental health crises and "
        "mentions suicidal thoughts. If you need help now, call "
        "or text 988 or chat at 988lifeline.org (US). If you are "
        "in immediate danger, call 911.",
        "related": ["working-with-other-providers", "saying-goodbye-at-the-end-of-care"],
        "body": [
            (
                "p",
                "Many people first reach out for help in the middle of a "
                "storm: after a frightening night, a visit to the emergency "
                "room, panic that would not stop, or weeks without proper "
                "sleep. That is exactly the right time to reach out. What "
                "often happens next is just as human. The worst passes, life "
                "fills up again, appointments start to feel like a luxury, and "
                "care quietly stops. Then, months later, the storm returns and "
                "everything has to begin again from the start, often with a "
                "new clinician and a long waiting list.",
            ),
            (
                "p",
                "We want to make the case for the quiet weeks. The time "
                "between crises is not time spent idling in a waiting room. It "
                "is when much of the useful work can happen, because you have "
                "enough steadiness to think, to practice new habits, and to "
                "notice patterns that stay invisible while you are struggling "
                "to get through the day.",
            ),
            ("h2", "Why the calm stretches matter"),
            (
                "p",
                "In a crisis, care is about safety and getting through the "
                "next few days. Between crises, care can be about "
                "understanding what tends to lead up to the hard times, what "
                "helps, and what gets in the way. For someone who takes "
                "medication, the calm stretches are when doses can be adjusted "
                "carefully and side effects talked through, rather than "
                "changed in a hurry. In therapy, it is when there is room to "
                "look at sleep, work, relationships and the stories we tell "
                "ourselves, not only the emergency in front of us.",
            ),
            (
                "p",
                "Keeping care going does not have to mean weekly sessions "
                "forever. For many people it looks like stepping down: weekly "
                "appointments while things are raw, then every two or three "
                "weeks, then a check-in every month or two, with an agreed way "
                "to step back up if early warning signs appear. Matching the "
                "intensity of care to what someone needs at the time is often "
                "called stepped care, and it appears in public clinical "
                "guidelines.[1] What matters most is that the thread is not "
                "cut.",
            ),
            (
                "quote",
                "The first time, I stopped coming as soon as I felt better. "
                "The second time, we spaced the appointments out instead, and "
                "when things slipped I already had someone to call.",
                "A composite of things clients have told us, with details changed",
            ),
            ("h2", "A plan made while you are steady"),
            (
                "p",
                "One of the most useful things to do in a calm stretch is to "
                "write a short plan for the next hard time, together with your "
                "clinician and, if you like, someone you trust. Plans of this "
                "kind, often called safety plans or crisis plans, are widely "
                "used and well described in the clinical literature.[2] They "
                "are short, personal and written in your own words. A typical "
                "plan lists the early signs that things are slipping, things "
                "you can do on your own that usually help a little, people and "
                "places that help you feel less alone, who to contact for "
                "support, and how to make your surroundings safer during a "
                "rough patch.",
            ),
            (
                "p",
                "The plan is written while you can think clearly, because "
                "clear thinking is one of the first things a crisis takes "
                "away. Keep it somewhere easy to find: a photo on your phone, "
                "a card in your wallet, a note on the fridge. Review it every "
                "few months with your clinician. Phone numbers change, people "
                "move, and what helped last year may not be what helps now.",
            ),
            (
                "callout",
                "Key takeaway",
                "Plan for the next hard time while you are steady. Write down "
                "your early signs, what helps, who you can contact and how to "
                "reach crisis support, and keep the plan where you can find it "
                "quickly.",
            ),
            ("h3", "When thoughts of suicide are part of the picture"),
            (
                "p",
                "For some people, hard times include thoughts of suicide. If "
                "that is true for you, you are not alone, and it is not "
                "something you need to hide from your clinician. Asking about "
                "suicidal thoughts does not put the idea in anyone's head, and "
                "talking about them openly is one of the most important things "
                "we can help with. Suicidal thoughts can ease and change with "
                "support and treatment, and a plan made in advance gives "
                "everyone, including you, something clear to reach for.",
            ),
            (
                "p",
                "Crisis lines exist for the moments between appointments. In "
                "the United States you can call or text 988, or chat at "
                "988lifeline.org, at any hour of the day or night, to reach "
                "the 988 Suicide & Crisis Lifeline.[3] You can also text HOME "
                "to 741741 to reach the Crisis Text Line. If you are in "
                "immediate danger, call 911. A crisis line does not replace "
                "your regular care, and your regular care does not replace a "
                "crisis line. They work best together, so it is worth saving "
                "the numbers in your phone now, while you don't need them.",
            ),
            ("image", "A line of small lights along a dark shoreline."),
            ("h2", "What helps the thread hold"),
            (
                "p",
                "Small, practical things make a real difference. Book the next "
                "appointment before you leave the current one. Tell us if "
                "cost, transport, childcare or work hours are getting in the "
                "way; we can often change the format, the time or the "
                "frequency rather than lose touch. Keep one up-to-date list of "
                "your medications and the people involved in your care. And if "
                "you miss a few sessions, come back without apologizing. "
                "Returning is part of keeping care going, not a failure of "
                "it.",
            ),
            (
                "related",
                "working-with-other-providers",
                "For more on how the people in your care team can share the load, read",
            ),
            ("divider",),
            (
                "p",
                "A note for colleagues: the days after a crisis, such as a "
                "discharge from hospital or an emergency room visit, are a "
                "risky gap in care. A call within a few days, a follow-up "
                "appointment already booked rather than an invitation to get "
                "in touch, and a crisis plan shared with the person's consent "
                "all help keep someone from falling through that gap.[4]",
            ),
        ],
        "footnotes": [
            "For example, the National Institute for Health and Care "
            "Excellence (NICE) guideline CG123, Common mental health "
            "problems: identification and pathways to care (2011), "
            "describes a stepped-care model.",
            "Stanley, B., and Brown, G. K. (2012). Safety Planning "
            "Intervention: a brief intervention to mitigate suicide "
            "risk. Cognitive and Behavioral Practice, 19(2), 256-264.",
            "The 988 Suicide & Crisis Lifeline is funded by the "
            "Substance Abuse and Mental Health Services Administration "
            "(SAMHSA): 988lifeline.org. Outside the United States, "
            "findahelpline.com lists crisis services in many "
            "countries.",
            "The Zero Suicide framework, hosted by the Education "
            "Development Center at zerosuicide.edc.org, names safe "
            "care transitions as one of its elements.",
        ],
    },
    {
        "slug": "working-with-other-providers",
        "title": "Working with your other providers",
        "subtitle": "How your therapist, prescriber, family doctor and school "
        "can pull in the same direction, with you deciding what is "
        "shared",
        "summary": "Most people's care involves more than one professional. Here "
        "is how we coordinate with family doctors, psychiatric "
        "prescribers, schools and others, what we ask your permission "
        "for, and how you stay in charge.",
        "tags": ["working together", "continuity of care", "for helpers"],
        "authors": ["maya"],
        "days_ago": 70,
        "sensitive": False,
        "content_note": "",
        "related": ["keeping-care-going-between-crises", "knowing-your-role"],
        "body": [
            (
                "p",
                "Very few people have only one person looking after their "
                "health. A family doctor checks your blood pressure and writes "
                "the referral. A therapist sees you every other week. A "
                "psychiatric prescriber like me reviews medication every "
                "couple of months. A school counselor sees a teenager more "
                "often than any of us. A pharmacist notices when two "
                "prescriptions don't mix. Each of us holds part of the "
                "picture, and none of us holds all of it. When we talk to each "
                "other well, care tends to be safer and less tiring for you. "
                "When we don't, you end up repeating your story and carrying "
                "messages between offices.",
            ),
            ("h2", "You decide what is shared"),
            (
                "p",
                "The starting point is your consent. Privacy law allows some "
                "information to pass between the people treating you, but our "
                "habit at Harbor Light is to ask you first, except in an "
                "emergency where someone's safety is at serious risk. When "
                "coordinating would help, we explain who we would like to "
                "speak to, what we would share and why, and we ask you to sign "
                "a release of information that names the person, the purpose "
                "and how long it lasts. You can say no, limit it to certain "
                "topics, or withdraw it later.[1]",
            ),
            (
                "p",
                "Many people are surprised by how little we actually need to "
                "share. A note to your family doctor might say that you are "
                "coming to appointments here, which medication was started and "
                "at what dose, and what to watch for. It usually does not need "
                "to include the details of what you talk about in sessions. "
                "Ask to see what we send. You have every right to, and we "
                "write with that in mind.",
            ),
            (
                "quote",
                "I didn't realize I could ask what was in the letter. Once I "
                "had read it, I felt a lot less nervous about my doctors "
                "talking to each other.",
                "A composite of things clients have told us, with details changed",
            ),
            ("h2", "Who we usually work with"),
            (
                "p",
                "Your family doctor or primary care nurse practitioner often "
                "knows your history better than anyone and sees the physical "
                "side of things: thyroid problems, sleep difficulties, pain, "
                "pregnancy, other medicines. Some symptoms that feel like "
                "anxiety or low mood have a physical part worth checking, and "
                "many medicines interact. A short update in both directions, "
                "with your permission, saves you from being the messenger. "
                "Ways of working in which primary care and mental health "
                "clinicians act as one team, often called collaborative care, "
                "have been studied for many years.[2]",
            ),
            (
                "p",
                "If you see a therapist and a prescriber in different places, "
                "it helps when they agree on who is doing what. Your therapist "
                "often notices changes in sleep or mood first, and your "
                "prescriber needs to hear about them before the next review, "
                "not three months later. A brief call at the start, and again "
                "when something changes, is usually enough. It also means you "
                "hear one plan rather than two that pull in different "
                "directions.",
            ),
            (
                "p",
                "For children and teenagers, school is where most of the day "
                "happens. With permission from the young person and, depending "
                "on their age and the law where you live, from a parent or "
                "guardian, we can talk with a school counselor or teacher "
                "about practical support: a quiet place to go, extra time, a "
                "plan for difficult days. We share what helps the school help, "
                "not the content of therapy, and we involve the young person "
                "in deciding what is said. Education records have their own "
                "privacy rules, which the school can explain.[3]",
            ),
            (
                "callout",
                "Key takeaway",
                "Coordination between your providers should make your life "
                "easier, not less private. You choose who we speak to and what "
                "we share, and you can ask to see anything we send.",
            ),
            ("image", "Several paths that meet in a shared clearing."),
            ("divider",),
            ("h2", "Notes for colleagues"),
            (
                "p",
                "For fellow clinicians: the most useful letters are short. Say "
                "who you are, why you are writing, what you are doing, and "
                "what you would like from the reader, whether that is a blood "
                "test, a medication review or simply awareness. Include how to "
                "reach you and the best times to call. When you disagree with "
                "another provider's plan, pick up the phone before you write "
                "anything down, and never put the client in the middle. A "
                "client who hears two professionals criticizing each other "
                "tends to lose trust in both.",
            ),
            (
                "p",
                "Keep a simple list, shared with the client, of everyone "
                "involved in their care and how to reach them, and update it "
                "when someone joins or leaves. It is one of the most practical "
                "things we can do to prevent gaps, and it fits naturally "
                "alongside a crisis plan.",
            ),
            (
                "related",
                "keeping-care-going-between-crises",
                "For more on planning ahead for hard times, read",
            ),
            (
                "p",
                "If you ever feel that your providers are not talking to each "
                "other, or that you are stuck in the middle, tell one of us. "
                "Asking for a joint call or a shared plan is a reasonable "
                "request, and a good team will welcome it.",
            ),
        ],
        "footnotes": [
            "In the United States, the HIPAA Privacy Rule sets the "
            "federal baseline for how health information may be used "
            "and shared; the U.S. Department of Health and Human "
            "Services publishes a plain-language summary. Some "
            "records, such as certain substance use treatment records "
            "(42 CFR Part 2), have extra protection, and state laws "
            "may add more.",
            "The AIMS Center at the University of Washington publishes "
            "free descriptions of the collaborative care model and the "
            "research behind it.",
            "In the United States, student education records are "
            "covered by the Family Educational Rights and Privacy Act "
            "(FERPA); the U.S. Department of Education's Student "
            "Privacy Policy Office explains how it works.",
        ],
    },
    {
        "slug": "knowing-your-role",
        "title": "Knowing your role: what a therapist is, and is not",
        "subtitle": "A plain guide to what you can expect from us, what belongs "
        "to someone else, and why naming the difference helps",
        "summary": "A therapist is not a friend, a judge or a rescuer, and not "
        "every helper does the same job. Knowing who does what helps "
        "you find the right help and get more from the help you have.",
        "tags": ["therapy basics", "boundaries", "working together"],
        "authors": ["daniel"],
        "days_ago": 40,
        "sensitive": False,
        "content_note": "",
        "related": ["boundaries-in-helping-relationships", "working-with-other-providers"],
        "body": [
            (
                "p",
                "People come to therapy with many pictures of what a therapist "
                "is. Some expect a wise stranger who will tell them what to "
                "do. Some expect a paid friend. Some expect to be judged, and "
                "brace themselves for it. Some have seen a television "
                "therapist who solves everything in one dramatic session. None "
                "of these is quite right, and the gap between the picture and "
                "the reality can make the first few weeks confusing. Here is "
                "how I would describe the role, and its edges, in plain "
                "language.",
            ),
            ("h2", "What a therapist is"),
            (
                "p",
                "A therapist is a trained professional who offers a particular "
                "kind of relationship: steady, confidential, focused on you, "
                "and with a purpose you agree on together. We listen "
                "carefully, notice patterns, ask questions you may not have "
                "asked yourself, and offer ideas and skills drawn from "
                "approaches that have been studied. We bring knowledge about "
                "how minds, relationships and habits tend to work. You bring "
                "knowledge about your own life, which is the more important of "
                "the two. Researchers sometimes call this shared effort the "
                "working alliance: agreement on goals, agreement on the tasks "
                "that lead there, and a bond strong enough to carry both.[1]",
            ),
            (
                "p",
                "In practice, that means a few concrete things you can expect. "
                "We start and end on time. We explain our approach and check "
                "that it makes sense to you. We keep what you say confidential "
                "within the limits we describe at the start. We review "
                "progress with you regularly instead of assuming it. And if "
                "something we suggest doesn't fit your life, we change it "
                "rather than blaming you for it.",
            ),
            (
                "p",
                "A therapist is also someone with a particular license and "
                "training, and that shapes what we can offer. As a licensed "
                "clinical social worker, I assess, offer therapy, and help "
                "people connect with practical resources such as housing "
                "support, benefits or community groups. My colleague Maya, a "
                "psychiatric mental health nurse practitioner, can also "
                "prescribe and review medication. Psychologists, professional "
                "counselors, marriage and family therapists and psychiatrists "
                "overlap with us in some ways and differ in others. If you are "
                "not sure what someone on your team can do, ask them. It is a "
                "reasonable question.",
            ),
            ("h2", "What a therapist is not"),
            (
                "p",
                "A therapist is not your friend, even though the relationship "
                "may be warm and matter a great deal to you. Friendship goes "
                "both ways; therapy deliberately doesn't, so that the whole "
                "hour can belong to you. A therapist is not a judge either. "
                "Our task is to understand, not to rule on whether you are a "
                "good or bad person, and most people find that the things they "
                "feared would shock us don't. And a therapist is not a "
                "rescuer. We can stand beside you, but we cannot live your "
                "life for you, and a helper who tries to usually leaves the "
                "other person feeling less capable rather than more.",
            ),
            (
                "quote",
                "The most useful thing my therapist ever said was \"I don't "
                "know, let's find out.\" It made it feel like we were working "
                "on it together.",
                "A composite of things clients have told us, with details changed",
            ),
            (
                "p",
                "A therapist is not an emergency service. We are usually not "
                "reachable at night or at weekends, and a message left with us "
                "may not be read until the next working day. That is why every "
                "client at Harbor Light makes a plan for urgent situations and "
                "knows how to reach crisis support and emergency services. "
                "Knowing that limit in advance is far kinder than discovering "
                "it at the worst possible moment.",
            ),
            (
                "p",
                "Finally, a therapist is not the right person for every "
                "problem. A legal dispute needs a lawyer, a new physical "
                "symptom needs a medical check, and some difficulties are "
                "better served by a specialist, a group or a different kind of "
                "program. Part of our job is to say so honestly and help you "
                "find the right door, even when that means referring you "
                "elsewhere.[2]",
            ),
            (
                "callout",
                "Key takeaway",
                "A therapist offers a confidential, focused relationship with "
                "a purpose you agree on together. We are not friends, judges, "
                "rescuers or an emergency service, and saying so clearly helps "
                "you get the right help at the right time.",
            ),
            ("image", "A lighthouse beam reaching a clear distance across calm water."),
            ("h3", "For helpers: knowing the edges protects everyone"),
            (
                "p",
                "For colleagues in any helping role, including peer support "
                "workers, teachers, faith leaders, coaches and volunteers: "
                "knowing where your role ends is not a failure of compassion. "
                "When a helper drifts into a job they are not trained or "
                "supported to do, such as being someone's only crisis contact, "
                "giving advice about medication, or acting as a therapist "
                "without the training, both people are put at risk. Naming the "
                "edges of your role early, and knowing whom to refer to, lets "
                "you be fully present within them.",
            ),
            (
                "related",
                "boundaries-in-helping-relationships",
                "For more on the lines that keep therapy safe, read",
            ),
            (
                "p",
                "If you are a client, it is always fair to ask your therapist "
                "directly: what is your role here, what is not, and who else "
                "should be part of this? The answer tells you a lot about how "
                "the work will go, and a good therapist will be glad you "
                "asked.",
            ),
        ],
        "footnotes": [
            "Bordin, E. S. (1979). The generalizability of the "
            "psychoanalytic concept of the working alliance. "
            "Psychotherapy: Theory, Research & Practice, 16(3), "
            "252-260.",
            "See the NASW Code of Ethics on competence (section 1.04) "
            "and on referral for services, and the American "
            "Psychological Association's Ethical Principles of "
            "Psychologists and Code of Conduct, Standard 2.01 "
            "(Boundaries of Competence).",
        ],
    },
    {
        "slug": "saying-goodbye-at-the-end-of-care",
        "title": "Saying goodbye at the end of care",
        "subtitle": "Why a good ending is part of the work, how to plan one, and "
        "how to come back if you need to",
        "summary": "Therapy is meant to end. A planned, unhurried goodbye helps "
        "you hold on to what you have learned, makes room for mixed "
        "feelings, and leaves the door open if you need care again.",
        "tags": ["endings", "therapy basics", "continuity of care"],
        "authors": ["daniel", "maya"],
        "days_ago": 14,
        "sensitive": False,
        "content_note": "",
        "related": ["boundaries-in-helping-relationships", "keeping-care-going-between-crises"],
        "body": [
            (
                "p",
                "Therapy is one of the few relationships designed from the "
                "start to end. That can sound bleak, but it is really the "
                "point: the aim is for you to leave with more of what you came "
                "for, and to need us less over time. Even so, endings stir "
                "things up. People feel proud, relieved, sad, anxious, guilty "
                "about leaving, or several of these at once. All of it is "
                "normal, and all of it is worth talking about.",
            ),
            (
                "p",
                "It also helps to remember that ending therapy does not mean "
                "ending every kind of support. Friends, family, neighbors, "
                "community and faith groups, peer groups and your family "
                "doctor are all still there. Part of preparing to finish is "
                "noticing who and what will still be around, and strengthening "
                "those connections while we are still meeting.",
            ),
            ("h2", "Why endings deserve time"),
            (
                "p",
                "A rushed or silent ending can leave loose threads: things "
                "left unsaid, a sense of being dropped, or a worry about "
                "whether it is all right to come back. A planned ending gives "
                "you a chance to look back at where you started, name what has "
                "changed and what has not, and practice saying goodbye in a "
                "relationship where it is safe to do so. For many people, "
                "especially those whose past endings were sudden or painful, "
                "that practice turns out to be one of the most valuable parts "
                "of therapy.",
            ),
            (
                "p",
                "Professional codes of ethics ask clinicians to end care "
                "thoughtfully: to talk about it in advance, to explain the "
                "reasons, and to help with referrals when someone still needs "
                "support.[1] In practice, that usually means raising the idea "
                "of ending several sessions before the last one, agreeing on a "
                "date together, and sometimes spacing the final appointments "
                "further apart so you can try things on your own with a safety "
                "net still in place.",
            ),
            (
                "quote",
                "I thought ending would feel like being let go. It felt more "
                "like graduating, and knowing the school was still there.",
                "A composite of things clients have told us, with details changed",
            ),
            ("h2", "How endings come about"),
            (
                "p",
                "Endings happen for many reasons. Sometimes you have reached "
                "the goals you set and the work feels complete. Sometimes life "
                "changes: a move, a new job, a change in insurance. Sometimes "
                "the fit is not right, and a different clinician or a "
                "different kind of help makes more sense. Occasionally the "
                "clinician is the one who leaves, because of retirement, "
                "illness or a change of role. Each of these deserves an honest "
                "conversation, and none of them means that you failed.",
            ),
            ("h3", "If you are the one who wants to stop"),
            (
                "p",
                "You are always free to end therapy, and you do not need a "
                "perfect reason. If you can, tell your clinician rather than "
                "simply not coming back. Saying \"I think I'm ready to "
                'finish", or even "this isn\'t working for me", gives you both '
                "the chance to close well, and your clinician may be able to "
                "suggest someone better suited to what you need now. Clients "
                "sometimes worry that this will hurt their therapist's "
                "feelings. Hearing it is part of the job, and a good clinician "
                "will thank you for saying it.",
            ),
            (
                "p",
                "Sometimes it is the clinician who first suggests that the "
                "work may be coming to a close, perhaps because your goals "
                "have been met, or because another service could now help you "
                "more. If we raise it, we will explain why, listen to how it "
                "lands with you, and plan the ending together. You are welcome "
                "to disagree, and we will take that seriously.",
            ),
            (
                "callout",
                "Key takeaway",
                "A good ending is planned, talked about and unhurried. It is a "
                "chance to notice how far you have come, and it should always "
                "leave you knowing how to get help again.",
            ),
            ("image", "A small boat leaving a harbor under a wide, pale sky."),
            ("h2", "After the last session"),
            (
                "p",
                "Before the last session, we like to write down together what "
                "helped, the early signs to watch for, and a short plan for "
                "what to do if they appear. For people who take medication, "
                "the plan also covers who will prescribe and review it from "
                "now on, so that nothing stops by accident. If your care is "
                "moving to someone else, we arrange the handover with your "
                "permission, including any records they need.",
            ),
            (
                "related",
                "keeping-care-going-between-crises",
                "For more on planning ahead for hard times, read",
            ),
            (
                "p",
                "Coming back is allowed. Many people return for a few sessions "
                "months or years later, during a new stage of life or a hard "
                "season. That does not mean the earlier work failed; often it "
                "means you learned when to ask for help. At Harbor Light, "
                "former clients are welcome to get in touch again, and if we "
                "are not the right fit at that point, we will help you find "
                "someone who is.",
            ),
            ("divider",),
            (
                "p",
                "A note for colleagues: plan endings from the first session by "
                "setting goals you and your client will both recognize when "
                "they are met. Notice your own feelings as an ending "
                "approaches, because the urge to hold on a little longer and "
                "the urge to end abruptly when the work is hard both belong in "
                "supervision. Avoid ending care suddenly in the middle of a "
                "crisis whenever you can, and when you cannot avoid it, make "
                "sure a warm handover to another service is in place.[2]",
            ),
        ],
        "footnotes": [
            "See the NASW Code of Ethics on termination of services "
            "and the American Counseling Association (ACA) Code of "
            "Ethics (2014), section A.11 (Termination and Referral).",
            "The American Psychological Association's Ethical "
            "Principles of Psychologists and Code of Conduct, Standard "
            "10.10 (Terminating Therapy), covers ending therapy and "
            "offering referrals to other providers.",
        ],
    },
]
