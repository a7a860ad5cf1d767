"""Synthetic outpatient notes and injury encounters for lesson 03's drills, with their answer keys.

Every person here is fictitious. Every code is checked against the bundled FY2026 ICD-10-CM data by
tests/test_coding_rules.py (valid, and billable for the answer keys).
"""

from __future__ import annotations

from course.coding.rules import NoteCase, SeventhCharacterCase

UNCERTAIN = (
    "the note says the diagnosis is only {word}. In an outpatient visit an uncertain diagnosis is not "
    "coded (OCG IV.H): code the signs and symptoms that are documented instead."
)
INTEGRAL = (
    "{what} is a symptom that is routinely part of the confirmed diagnosis, so it is not coded "
    "separately (OCG I.B.5)."
)

NOTE_CASES: tuple[NoteCase, ...] = (
    NoteCase(
        case_id="probable-pneumonia",
        title="Cough and fever, probable pneumonia",
        note=(
            "Office visit. Pat Doe, 46. Dry cough for 5 days and fever of 38.6 C since yesterday. "
            "Crackles at the right base. Chest X-ray ordered, result pending. "
            "Assessment: cough and fever, probable community-acquired pneumonia."
        ),
        codes=("R05.9", "R50.9"),
        order_matters=False,
        traps={
            "J18.9": UNCERTAIN.format(word="'probable'"),
            "R05": "R05 is a header: cough codes need a 4th character.",
        },
        hints={
            "R05.9": "the patient's first complaint is a symptom; code it.",
            "R50.9": "the note documents a second symptom; code it too.",
        },
    ),
    NoteCase(
        case_id="strep-throat",
        title="Sore throat, strep test positive",
        note=(
            "Office visit. Sam Roe, 19. Sore throat for 2 days, no cough. Tonsils red and swollen. "
            "Rapid strep test positive. Assessment: streptococcal pharyngitis. Plan: antibiotics."
        ),
        codes=("J02.0",),
        traps={
            "R07.0": INTEGRAL.format(what="Sore throat (R07.0)"),
            "J02.9": "J02.9 is pharyngitis of unspecified cause, but the note documents the organism "
            "(a positive strep test): code to the highest specificity documented (OCG I.B.2).",
        },
        hints={"J02.0": "the assessment names a confirmed infection with its organism."},
    ),
    NoteCase(
        case_id="diabetes-insulin",
        title="Diabetes follow-up, on insulin, with hypertension",
        note=(
            "Follow-up visit. Lee Poe, 62. Type 2 diabetes, controlled, no complications; takes insulin "
            "daily. Blood pressure 138/86 on lisinopril for essential hypertension. "
            "Assessment: 1. Type 2 diabetes mellitus without complications, on insulin. 2. Hypertension."
        ),
        codes=("E11.9", "Z79.4", "I10"),
        first_listed_reason="the visit is chiefly for the diabetes, so E11.9 comes first; "
        "Z79.4 is the 'use additional code' that goes with it.",
        traps={
            "E10.9": "E10 is type 1 diabetes. The note says type 2, and E11 has an Excludes1 note for "
            "E10.-: the two are never reported together.",
            "E11.A": "E11.A is diabetes in remission; the note does not say remission, and E11.9 "
            "excludes E11.A (Excludes1).",
            "Z79.84": "Z79.84 is for oral hypoglycemic drugs; this patient takes insulin.",
            "E11": "E11 is a category (a header), not a billable code: it needs a 4th character.",
        },
        hints={
            "E11.9": "code the reason for the visit, the diabetes, as specifically as documented.",
            "Z79.4": "E11 says 'use additional code' to identify the patient's long-term medication.",
            "I10": "a second chronic condition is assessed and treated at this visit.",
        },
    ),
    NoteCase(
        case_id="ankle-sprain",
        title="Twisted ankle, seen for treatment",
        note=(
            "Urgent care. Kim Moe, 28. Twisted the right ankle stepping off a curb this morning. "
            "Swelling over the lateral ankle, X-ray negative for fracture. "
            "Assessment: sprain of right ankle. Plan: brace, ice, follow up in 1 week."
        ),
        codes=("S93.401A",),
        traps={
            "S93.401": "S93.401 is missing its 7th character. Injury codes need one; without it the code "
            "is invalid (OCG I.B.2).",
            "S93.402A": "S93.402A is the LEFT ankle; the note says right. Laterality is part of the code.",
            "S93.409A": "S93.409A is 'unspecified ankle', but the note documents the side: use it.",
            "S93.401D": "D is for a subsequent encounter (routine care while it heals). This visit is active "
            "treatment (exam, X-ray, brace), so the 7th character is A (OCG I.C.19.a).",
        },
        hints={"S93.401A": "the assessment is an injury of a documented side, in active treatment."},
    ),
    NoteCase(
        case_id="uti-ecoli",
        title="Urinary tract infection, E. coli",
        note=(
            "Office visit. Ana Loe, 34. Burning on urination for 3 days. Urine culture grew E. coli. "
            "Assessment: urinary tract infection due to E. coli."
        ),
        codes=("N39.0", "B96.20"),
        first_listed_reason="the infection is the reason for the visit; the organism code (B95-B97) "
        "is the 'use additional code' that follows it.",
        traps={
            "R30.0": INTEGRAL.format(what="Painful urination (dysuria, R30.0)"),
            "B96.2": "B96.2 is a header: it needs another character.",
        },
        hints={
            "N39.0": "code the infection the assessment names.",
            "B96.20": "N39.0 says 'use additional code (B95-B97) to identify infectious agent'.",
        },
    ),
    NoteCase(
        case_id="alzheimer-dementia",
        title="Dementia due to Alzheimer's disease",
        note=(
            "Office visit. Ruth Coe, 81, with her daughter. Memory loss over 2 years, no agitation, "
            "no psychosis, no mood or anxiety symptoms. Assessment: dementia due to Alzheimer's disease; "
            "severity not documented."
        ),
        codes=("G30.9", "F02.80"),
        first_listed_reason="F02 ('dementia in other diseases classified elsewhere') says 'code first "
        "the underlying physiological condition', so G30.9 is listed before F02.80.",
        traps={
            "F03.90": "F03 is dementia of unspecified cause. Here the cause is documented (Alzheimer's), "
            "and G30 has an Excludes1 note for F03.-.",
        },
        hints={
            "G30.9": "the underlying disease must be coded first.",
            "F02.80": "G30 says 'use additional code' for the dementia that the disease causes.",
        },
    ),
    NoteCase(
        case_id="rule-out-appendicitis",
        title="Right lower quadrant pain, rule out appendicitis",
        note=(
            "Office visit. Jo Hoe, 22. Pain in the right lower abdomen since last night, mild nausea "
            "earlier today, now resolved. Tender at McBurney's point. "
            "Assessment: right lower quadrant pain, rule out appendicitis. Sent for CT today."
        ),
        codes=("R10.31",),
        traps={
            "K35.80": UNCERTAIN.format(word="'rule out'"),
            "K37": UNCERTAIN.format(word="'rule out'"),
            "R10.9": "R10.9 is abdominal pain of unspecified site; the note documents the site "
            "(right lower quadrant): code to the highest specificity documented.",
            "R11.0": "The nausea had resolved and is not part of the assessment; code the documented "
            "reason for the visit.",
        },
        hints={"R10.31": "code the symptom in the assessment, with its site."},
    ),
)

SEVENTH_CASES: tuple[SeventhCharacterCase, ...] = (
    SeventhCharacterCase(
        "er-laceration",
        "A patient comes to the emergency department with a scalp cut from a fall; the doctor closes "
        "it with staples (laceration of scalp, S01.01X_).",
        "S01.01X",
        "A",
        "The doctor is actively treating the wound (closing it): that is A, initial encounter.",
    ),
    SeventhCharacterCase(
        "staple-removal",
        "Ten days later, the same patient returns to have the staples removed; the wound is healing "
        "well (S01.01X_).",
        "S01.01X",
        "D",
        "Removing staples from a healing wound is routine care in the healing phase.",
    ),
    SeventhCharacterCase(
        "new-doctor-same-injury",
        "The day after a right ankle sprain was seen at urgent care, the patient sees an orthopedist "
        "new to the case, who evaluates it and starts treatment (S93.401_).",
        "S93.401",
        "A",
        "It is still active treatment, even though it is a different doctor.",
    ),
    SeventhCharacterCase(
        "scar-years-later",
        "Two years after a scalp laceration healed, the patient is seen for the scar it left "
        "(the injury code gets the 7th character; the scar is coded as well).",
        "S01.01X",
        "S",
        "The scar is a late effect of an injury that has already been treated.",
    ),
    SeventhCharacterCase(
        "sprain-recheck",
        "One week after an ankle sprain was braced at urgent care, the patient returns so the "
        "provider can check that it is healing (S93.401_).",
        "S93.401",
        "D",
        "The active treatment is done; this visit checks the healing.",
    ),
)
