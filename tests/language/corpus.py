"""Sentences for measuring the jargon checker.

PROFESSIONAL: sentences as practitioners write them in case notes, referrals and plans, each
with the dictionary terms (as spelled in terms.toml) a parent would need explained.
PLAIN: sentences as they should be written to a parent; none should raise a jargon finding.
Some PLAIN sentences sit close to jargon on purpose ("cinema", "swimming", "escalator",
"sausage and mash", "a DNA test") to measure false alarms where they are most likely.

All names and events are fictional.
"""

from __future__ import annotations

PROFESSIONAL: list[tuple[str, tuple[str, ...]]] = [
    (
        "Sam is currently subject to a CP plan under the category of neglect.",
        ("CP plan", "neglect"),
    ),
    (
        "ICPC held on 12/03, threshold met for CP, next RCPC booked for June.",
        ("ICPC", "thresholds met", "CP", "RCPC"),
    ),
    (
        "HV raised concerns re: home conditions and missed immunisations.",
        ("HV", "concerns were raised", "home conditions"),
    ),
    (
        "Mum DNA'd the paediatric appointment on 3rd May; Kyle was not brought to the "
        "follow-up either.",
        ("DNA", "was not brought"),
    ),
    (
        "Referral received from school DSL via MASH; strategy discussion held same day and s47 "
        "initiated.",
        ("referral", "DSL", "MASH", "strategy discussion", "s47"),
    ),
    (
        "SW completed a home visit; home conditions remain poor and there is evidence of "
        "disguised compliance.",
        ("SW", "home conditions", "disguised compliance"),
    ),
    (
        "Dad continues to minimise the impact of DV on the children and shows a lack of insight.",
        ("minimising", "DV", "lack of insight"),
    ),
    (
        "Case stepped down to Early Help with FSW support following CIN review.",
        ("step down", "early help", "FSW", "CIN"),
    ),
    ("Family have been signposted to local parenting groups and the food bank.", ("signpost",)),
    (
        "Non engagement with CAMHS to be escalated to the team manager if no contact by Friday.",
        ("non-engagement", "CAMHS", "escalate"),
    ),
    (
        "Core group meeting to review progress against outcomes in the CPP.",
        ("core group", "outcomes", "CPP"),
    ),
    ("LADO consulted regarding an allegation against a member of staff.", ("LADO", "allegation")),
    (
        "Legal planning meeting held; agreed to enter PLO pre-proceedings.",
        ("legal planning", "PLO", "pre-proceedings"),
    ),
    (
        "Parenting capacity is impacted by the toxic trio of DA, substance misuse and parental "
        "mental health.",
        ("parenting capacity", "toxic trio", "DA", "substance misuse"),
    ),
    (
        "Children were accommodated under s.20 with consent of both PR holders.",
        ("accommodated", "s20", "PR"),
    ),
    (
        "The LA is considering issuing care proceedings and will share the threshold document "
        "with Mum's solicitor.",
        ("LA", "care proceedings", "threshold document"),
    ),
    (
        "Protective factors include maternal grandmother who provides regular respite.",
        ("protective factors", "respite"),
    ),
    (
        "Risk factors identified in the chronology include repeated MFH episodes.",
        ("risk factors", "chronology", "MFH"),
    ),
    (
        "Genogram and eco-map completed during direct work with the children.",
        ("genogram", "ecomap", "direct work"),
    ),
    ("A contingency plan is in place should Dad return to the family home.", ("contingency plan",)),
    (
        "Network meeting arranged to identify a safety network for the children.",
        ("network meeting",),
    ),
    (
        "Emotional abuse is the primary concern, with the children exposed to ongoing parental "
        "conflict.",
        ("emotional abuse",),
    ),
    (
        "Time with father to remain as supervised contact at the contact centre.",
        ("supervised contact", "contact centre"),
    ),
    (
        "Mum has demonstrated limited capacity to change within the child's timescales.",
        ("capacity to change", "timescales"),
    ),
    (
        "A multiagency approach is required to ensure the children's needs are met.",
        ("multi-agency",),
    ),
    (
        "Intervention from the IRO was required after the placement breakdown.",
        ("intervention", "IRO", "placement"),
    ),
    (
        "Ongoing safeguarding concerns; child presenting as withdrawn and hungry at school.",
        ("safeguarding", "presenting as"),
    ),
    ("Mother is hard to engage and has cancelled three TAF meetings.", ("hard to engage", "TAF")),
    (
        "Concerns were raised by the GP following an NAI presentation at A&E.",
        ("concerns were raised", "NAI"),
    ),
    (
        "Sam's ACEs include witnessing DV and parental substance misuse.",
        ("ACEs", "DV", "substance misuse"),
    ),
    ("Insecure attachment noted between Kyle and his mother.", ("attachment",)),
    (
        "Threshold for CIN not met; NFA, case closed with signposting to universal services.",
        ("threshold", "CIN", "NFA", "case closure", "signpost", "universal services"),
    ),
    ("SENCo to progress the EHCP application and update the PEP.", ("SENCO", "EHCP", "PEP")),
    (
        "YOT worker concerned about CCE and county lines involvement.",
        ("YOT", "CCE", "county lines"),
    ),
    ("MARAC referral made following a high-risk DASH assessment.", ("MARAC", "referral", "DASH")),
    (
        "Dad is known to MAPPA and must not have unsupervised contact.",
        ("MAPPA", "unsupervised contact"),
    ),
    (
        "EPO granted after the children were taken into police protection overnight.",
        ("EPO", "police protection"),
    ),
    ("ICO granted at first hearing; SGO assessment of paternal aunt underway.", ("ICO", "SGO")),
    ("CSC to complete an EHA and consider a TAC.", ("CSC", "EHA", "TAC")),
    ("Significant harm threshold met under s31.", ("significant harm", "thresholds met", "s31")),
    (
        "Case to be stepped up to CP following the strategy meeting.",
        ("step up", "CP", "strategy discussion"),
    ),
    ("FGM risk discussed with the school nurse and the DSL.", ("FGM", "DSL")),
    (
        "YP is NEET and has been signposted to the YOS ETE worker.",
        ("YP", "NEET", "signpost", "YOS", "ETE"),
    ),
    ("Venue and time TBC; SW to confirm asap.", ("TBC", "SW", "ASAP")),
    (
        "CLA review held; IRO satisfied with the care plan and permanence planning.",
        ("CLA", "IRO", "permanence"),
    ),
    ("CiC nurse to complete the RHA as the IHA is now overdue.", ("CiC", "RHA", "IHA")),
    (
        "Emotional warmth and guidance and boundaries were graded as concerns on the GCP2.",
        ("emotional warmth", "guidance and boundaries", "GCP2"),
    ),
    (
        "The child's lived experience remains one of chronic neglect.",
        ("lived experience", "neglect"),
    ),
    (
        "Wishes and feelings work to be undertaken to capture the voice of the child.",
        ("wishes and feelings", "voice of the child"),
    ),
    (
        "Case conference chaired by the CP chair; the children remain on a plan.",
        ("child protection conference", "CP"),
    ),
    (
        "Cumulative harm arising from persistent absence and poor home conditions.",
        ("cumulative harm", "persistent absence", "home conditions"),
    ),
    (
        "Coercive control by the perpetrator was disclosed to the IDVA.",
        ("coercive control", "perpetrator", "disclosure", "IDVA"),
    ),
    (
        "EWO involved due to unauthorised absences; risk of CME if the child is taken off roll "
        "for EHE.",
        ("EWO", "unauthorised absence", "CME", "EHE"),
    ),
    ("PRU place identified after permanent exclusion.", ("PRU", "permanent exclusion")),
    ("SALT and OT referrals completed by the HV.", ("SALT", "OT", "referral", "HV")),
    (
        "Missing episodes reduced following an RHI with an independent worker.",
        ("missing episode", "RHI"),
    ),
    ("Danger statement and safety goals agreed at the SoS mapping.", ("danger statement", "SoS")),
    (
        "Practitioners to exercise professional curiosity and respectful uncertainty.",
        ("practitioner", "professional curiosity", "respectful uncertainty"),
    ),
    (
        "The SCR highlighted drift and delay and start again syndrome.",
        ("SCR", "drift and delay", "start again syndrome"),
    ),
    (
        "Viability assessment of maternal aunt as a connected carer is positive; PAMS parenting "
        "assessment to follow.",
        ("viability assessment", "kinship care", "PAMS", "parenting assessment"),
    ),
    ("Parents to utilise the support offered prior to the next review.", ("utilise", "prior to")),
    (
        "Going forward, the FSW will facilitate weekly sessions.",
        ("going forward", "FSW", "facilitate"),
    ),
    ("Dad has been non-compliant with the written agreement.", ("non-compliance",)),
    ("Care leaver's pathway plan reviewed with the PA.", ("care leaver", "pathway plan", "PA")),
    (
        "Sam presents as dysregulated and hypervigilant in class.",
        ("presenting as", "dysregulated", "hypervigilant"),
    ),
    ("HSB concerns escalated to the LSCP via the escalation policy.", ("HSB", "escalate", "LSCP")),
    ("UASC placed in semi-independent accommodation; NRPF status being checked.", ("UASC", "NRPF")),
    ("Reunification plan to be considered at the next LAC review.", ("reunification", "LAC")),
    ("Section 47 enquiry concluded; concerns substantiated.", ("section 47", "substantiated")),
    (
        "Allocated worker to complete a single assessment within 45 working days.",
        ("allocated worker", "single assessment"),
    ),
    (
        "Failure to thrive and developmental delay noted by the paediatrician.",
        ("failure to thrive", "developmental delay"),
    ),
    (
        "A robust, holistic plan is needed in relation to the children's needs.",
        ("robust", "holistic", "in relation to"),
    ),
    (
        "Cafcass have requested the chronology ahead of the FDAC hearing.",
        ("CAFCASS", "chronology", "FDAC"),
    ),
    (
        "Private fostering arrangement notified to the local authority.",
        ("private fostering", "local authority"),
    ),
    (
        "A trauma informed approach is to be used by all partner agencies.",
        ("trauma-informed", "partner agencies"),
    ),
    (
        "Contextual safeguarding meeting held regarding CSE risk in the park.",
        ("contextual safeguarding", "CSE"),
    ),
    ("MH nurse to attend the next CGM.", ("MH", "CGM")),
    (
        "Dad's engagement with the DA perpetrator programme has been sporadic.",
        ("engage with", "DA", "perpetrator"),
    ),
    (
        "Triaged by the MASH and passed to the duty social worker.",
        ("triage", "MASH", "duty social worker"),
    ),
    ("Statutory visits completed within timescales.", ("statutory", "timescales")),
    (
        "Letter before proceedings sent; Mum advised to seek legal advice.",
        ("letter before proceedings",),
    ),
    ("Radicalisation concerns were discussed with the DSL.", ("radicalisation", "DSL")),
    (
        "Step-down to universal services agreed at the TAF.",
        ("step down", "universal services", "TAF"),
    ),
    ("SMART targets set at the ICPC.", ("SMART", "ICPC")),
    ("Kinship carers supported by an ISW.", ("kinship care", "ISW")),
    ("Mother has disclosed historic abuse to her Idva.", ("disclosure", "IDVA")),
    ("CIN plan to remain open; s17 support continues.", ("CIN", "s17")),
    ("Peer-on-peer abuse incident managed by the DDSL.", ("peer on peer abuse", "DDSL")),
    (
        "Life story work to be completed before the placement order hearing.",
        ("life story work", "placement order"),
    ),
    ("Children looked after by the LA are entitled to a PEP.", ("looked after child", "LA", "PEP")),
    (
        "Mum has engaged well but has not yet evidenced sustained change.",
        ("engage with", "evidenced", "sustained change"),
    ),
    (
        "Interim care order granted; care plan for s.31 threshold to be filed.",
        ("interim care order", "s31", "threshold"),
    ),
    (
        "Children's Social Care received a re-referral from the GP.",
        ("children's social care", "referral"),
    ),
    (
        "Adverse childhood experiences and attachment difficulties noted in the CSPR.",
        ("adverse childhood experiences", "attachment", "CSPR"),
    ),
    ("DOB and NOK details to be confirmed with the family.", ("DOB", "NOK")),
    ("ABE interview completed; police to consider an NFA outcome.", ("ABE", "NFA", "outcomes")),
    (
        "S47 strat held with police; CP medical arranged for w/c 14th.",
        ("s47", "strategy discussion", "child protection medical", "w/c"),
    ),
    ("Hx of DV noted; core grp to review the safety plan.", ("Hx", "DV", "core group")),
    ("f/u appt with paediatrics missed, HV aware.", ("f/u", "appt", "HV")),
    ("IRH listed for March; CMH directions complied with.", ("IRH", "CMH")),
    ("Mum now engaging with services and has started the Freedom Programme.", ("engage with",)),
]

PLAIN: list[str] = [
    "We went to the cinema on Saturday and Sam loved the film.",
    "Kyle is learning to swim at the leisure centre.",
    "Swimming lessons are on Tuesdays after school.",
    "We had sausage and mash for tea.",
    "Your social worker will visit you on Monday at 10 o'clock.",
    "We are worried that the children are missing school.",
    "You have done really well getting the children to bed on time.",
    "Please bring the red book to the next health check.",
    "Grandma picks the children up from school on Fridays.",
    "Sam said he feels happy when Dad reads him a story.",
    "The nurse will come to see the baby next week.",
    "We will meet again in six weeks to see how things are going.",
    "If you feel unsafe, call 999 straight away.",
    "The school has a breakfast club that starts at 8 o'clock.",
    "Mum wants help with money and paying the bills.",
    "Kyle needs his inhaler with him at all times.",
    "Dad has stopped drinking and goes to a group every week.",
    "The house is warm and there is food in the fridge.",
    "We talked about what is going well and what we are worried about.",
    "Please tell us if you cannot come to the meeting.",
    "The children can see their dad at the family centre on Saturdays.",
    "Your key worker can help you fill in the form.",
    "She has a new friend called Lacey who likes drawing.",
    "We bought a new cot for the baby.",
    "The dentist said Sam's teeth are healthy.",
    "Kyle goes to football club with his cousin.",
    "The escalator at the shopping centre was broken.",
    "The doctor wants to check Sam's weight again in a month.",
    "You said you would like more help in the mornings.",
    "The children told us they like living with their nan.",
    "Dad will ring the school to ask about the trip.",
    "We will write down what everyone agreed and send you a copy.",
    "You can bring a friend or someone from your family to the meeting.",
    "Sam's teacher says he is reading much better now.",
    "The baby is feeding well and putting on weight.",
    "We know things have been hard since you moved house.",
    "The police came because the neighbours heard shouting.",
    "Please keep the medicine in a high cupboard.",
    "We will check that the children are safe and happy at home.",
    "You are doing a great job with the school run.",
    "The swings in the park were fixed last week.",
    "A DNA test will show who Kyle's dad is.",
    "Cindy made mashed potato and peas for everyone.",
    "We will help you find a nursery place for your son.",
    "Talk to us if you feel the plan is not fair.",
    "Sam wants to go to the swimming gala with his class.",
    "Your nan can look after the children on Wednesday.",
    "We will ring you the day before to remind you.",
    "The housing officer will come to fix the damp.",
    "Kyle says he feels safe when his mum walks him to school.",
]
