"""Build data/labelled/relabelled.jsonl: real texts from ../shared/data relabelled by hand.

Run from the repository root: ``.venv/bin/python data/labelled/authoring/relabel_sources.py``.
Only the train splits of the sources are read, so no dev text of any shared dataset enters
heartline's training data. Every text is kept exactly as released. A label is ``null`` where
it was not judged (the trainer skips nulls per behaviour); see ../README.md for the rules.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "data"
BEHAVIOURS = ("explores", "acknowledges_emotion", "mirrors_problem", "takes_action",
              "generic_sympathy", "rude", "over_apologising", "ignores_emotion")
APOLOGY = re.compile(r"\b(sorry|apologi[sz]e[sd]?|apologies|apology|regret)\b", re.I)

# Politeness corpus (Apache-2.0): the 130 least polite train requests were read one by one;
# these were judged rude, dismissive, sarcastic or condescending toward the addressee ...
POLITENESS_RUDE = ["stack-exchange-bicycles-7234", "stack-exchange-stack_overflow-6729935", "stack-exchange-stack_overflow-5105851", "wikipedia-230539", "stack-exchange-stack_overflow-7065742", "stack-exchange-stack_overflow-8398081", "stack-exchange-stack_overflow-8262957", "wikipedia-629967", "stack-exchange-stack_overflow-4295284", "stack-exchange-stack_overflow-8218237", "wikipedia-628256", "wikipedia-622292", "stack-exchange-stack_overflow-2343223", "wikipedia-602055", "wikipedia-25481", "stack-exchange-stack_overflow-2535216", "wikipedia-181779", "wikipedia-625649", "stack-exchange-stack_overflow-2971216", "stack-exchange-stack_overflow-6649417", "wikipedia-489947", "stack-exchange-stack_overflow-6960496", "wikipedia-335570", "stack-exchange-stack_overflow-4307104", "stack-exchange-stack_overflow-275141", "stack-exchange-stack_overflow-4093555", "stack-exchange-stack_overflow-5428610", "stack-exchange-stack_overflow-1659902", "stack-exchange-stack_overflow-3602138", "wikipedia-630160", "wikipedia-627292", "wikipedia-622173", "wikipedia-626770", "stack-exchange-stack_overflow-5158269", "wikipedia-625709", "wikipedia-517739", "wikipedia-251923", "wikipedia-288449", "wikipedia-452850", "wikipedia-354110", "wikipedia-625430", "stack-exchange-stack_overflow-3002690", "stack-exchange-stack_overflow-3996063", "stack-exchange-stack_overflow-5040659", "wikipedia-418733", "stack-exchange-stack_overflow-3274286", "stack-exchange-stack_overflow-7404921", "wikipedia-432801", "wikipedia-627311", "stack-exchange-stack_overflow-1822344", "wikipedia-625107", "wikipedia-72875", "wikipedia-393254", "wikipedia-477181", "wikipedia-444118", "stack-exchange-stack_overflow-1384863", "wikipedia-27642", "stack-exchange-stack_overflow-6441143", "stack-exchange-stack_overflow-3814787", "stack-exchange-stack_overflow-3004607", "wikipedia-102758", "stack-exchange-stack_overflow-7021123", "stack-exchange-stack_overflow-5456195", "stack-exchange-stack_overflow-5384168", "wikipedia-618995", "wikipedia-438664", "stack-exchange-stack_overflow-2370534", "wikipedia-624023", "wikipedia-35415", "stack-exchange-stack_overflow-5494261", "stack-exchange-stack_overflow-7127187", "stack-exchange-stack_overflow-1143852", "wikipedia-428791", "wikipedia-358187", "stack-exchange-stack_overflow-2310255", "stack-exchange-stack_overflow-2133903", "wikipedia-306797"]
# ... and these, although rated impolite, are merely direct (hard negatives for rude).
POLITENESS_DIRECT = ["stack-exchange-apple-11502", "stack-exchange-programmers-72418", "stack-exchange-web_applications-6732", "stack-exchange-theoretical_computer_science-1500", "stack-exchange-ask_ubuntu-44684", "stack-exchange-electrical_engineering-8667", "stack-exchange-wordpress-1541", "stack-exchange-physics-517", "stack-exchange-webmasters-3646", "stack-exchange-theoretical_computer_science-1907", "stack-exchange-stack_overflow-3180493", "stack-exchange-ask_ubuntu-683", "stack-exchange-it_security-2090", "stack-exchange-tex_latex-1584", "stack-exchange-apple-9521", "stack-exchange-stack_apps-6351", "stack-exchange-ask_ubuntu-4395", "stack-exchange-drupal_answers-5411", "stack-exchange-wordpress-213", "stack-exchange-drupal_answers-2818", "stack-exchange-ask_ubuntu-63", "stack-exchange-ask_ubuntu-1031", "stack-exchange-ask_ubuntu-67254"]
N_POLITE = 60  # the most polite train requests: not rude without needing a read

# EPITOME emotional reactions, level 2 (strong), train split: all 117 read; these name or
# validate the seeker's feeling (acknowledgement; E = also asks about the situation) ...
EPITOME_ACK = {"94he9x_e3l2pgj": "", "69ts99_dh9cb0u": "", "5jngfn_dbhj318": "", "7hcbbx_dqqrx2h": "",
               "4i3mse_d2uu0fb": "", "4b2sb4_d15o49u": "E", "9ztowb_eac07hf": "", "aum357_ehacg5j": "",
               "7m6icw_drrq7hy": "", "asnbax_egvdczi": "E", "7jp5nt_dr83zli": "", "5clifo_d9xdz95": "",
               "8hxqrp_dyo4zyc": "", "4s6alh_d56uy25": "E", "8hlp7f_dyle5wf": "", "45zbif_d017cbf": "",
               "4qh8zo_d4sz3i6": "", "4do15s_d1ssjqg": "", "7rpdm2_dsymyiv": "", "6i02mn_dj2kfup": "",
               "876mqm_dwang8n": "", "5zfllf_dexxqz6": "E", "8kr5nm_dza57fm": "", "9z2lva_ea5th1v": "",
               "6vxa20_dm3ok0i": "", "84sfz5_dvs0imv": "", "8zxzui_e2m9wo2": "E", "5uux2v_ddx0ykc": "",
               "5sja14_ddfjxv8": "E", "4wqjda_d69dxbj": "", "avxkh3_ehijpb3": "", "8zwm58_e2lxib6": "",
               "5ai0le_d9gl1xo": "E", "7ce54e_dpp7skx": "", "53d2sh_d7svpa0": "E", "9e1e15_e5lfye8": "E",
               "ac19ez_ed4juv3": "E", "8vaxvt_e1md4z0": "", "4wzgrg_d6b9ywk": "", "7xtcg2_dub1v3k": "",
               "7ssbiu_dt7ayh7": ""}
# ... and these are only a formulaic "sorry to hear that" (generic sympathy, not acknowledgement).
EPITOME_GENERIC = {"4aoqyh_d127acs": "E", "85p72c_dvzg5ct": "E", "5ighoi_db7zxnl": "", "5wc0gy_de9bmmn": "",
                   "aocj1x_eg03e9c": "E", "8gkvpe_dycm9s6": ""}

# Bitext (CDLA-Sharing-1.0) example responses: patterns read over every match in train.
BITEXT_ACK = re.compile(r"(understand|apologi[sz]e for|apologi[sz]e if|sorry for|imagine|sorry to hear)"
                        r"[^.!?]{0,60}(frustrat|upset|disappoint)|feeling (frustrated|upset|disappointed)", re.I)
BITEXT_REASSURE = re.compile(r"\b(don't worry|no worries|not to worry|no need to worry)\b", re.I)
BITEXT_GENERIC = re.compile(r"apologi[sz]e for (any|the) inconvenience", re.I)
N_BITEXT_NEG = 70


def read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def blank_labels(**judged: Any) -> dict[str, Any]:
    labels: dict[str, Any] = {"emotion": None, "empathy_needed": None}
    labels.update({b: None for b in BEHAVIOURS})
    labels.update(judged)
    return labels


def record(rid: str, source: str, customer: str, agent: str, labels: dict[str, Any], origin: str,
           licence: str) -> dict[str, Any]:
    return {"id": rid, "source": source, "company": None, "context": [], "customer": customer,
            "agent": agent, "labels": labels, "origin": origin, "licence": licence, "group": rid}


def politeness() -> list[dict[str, Any]]:
    rows = {r["id"]: r for r in read(SHARED / "politeness" / "train.jsonl")}
    polite = sorted(rows.values(), key=lambda r: -r["normalized_score"])[:N_POLITE]
    chosen = [(i, True) for i in POLITENESS_RUDE] + [(i, False) for i in POLITENESS_DIRECT]
    chosen += [(r["id"], False) for r in polite]
    out = []
    for rid, rude in chosen:
        r = rows[rid]
        labels = blank_labels(rude=rude, acknowledges_emotion=False, over_apologising=False)
        out.append(record(f"politeness:{rid}", "sudhof/politeness@0449a15 via shared/data/politeness/train.jsonl",
                          "", r["text"], labels, "politeness-relabelled", "Apache-2.0"))
    return out


def epitome() -> list[dict[str, Any]]:
    rows = {r["id"]: r for r in read(SHARED / "epitome_emotional_reactions" / "train.jsonl")}
    out = []
    for ids, ack in ((EPITOME_ACK, True), (EPITOME_GENERIC, False)):
        for rid, flags in ids.items():
            r = rows[rid]
            labels = blank_labels(acknowledges_emotion=ack, generic_sympathy=None if ack else True,
                                  explores=True if "E" in flags else None, rude=False,
                                  over_apologising=False, empathy_needed=True)
            out.append(record(f"epitome-er:{rid}", "behavioral-data/Empathy-Mental-Health@0e11f98 via "
                              "shared/data/epitome_emotional_reactions/train.jsonl", r["seeker_post"],
                              r["response_post"], labels, "epitome-relabelled",
                              "EPITOME academic licence (non-commercial research)"))
    return out


def bitext() -> list[dict[str, Any]]:
    rows = read(SHARED / "bitext" / "train.jsonl")
    ack = [r for r in rows if BITEXT_ACK.search(r["response"])]
    reassure = [r for r in rows if BITEXT_REASSURE.search(r["response"]) and not BITEXT_ACK.search(r["response"])]
    generic = [r for r in rows if BITEXT_GENERIC.search(r["response"]) and not BITEXT_ACK.search(r["response"])]
    picked = [(r, True, None) for r in ack]
    picked += [(r, False, None) for r in reassure[:N_BITEXT_NEG]]
    picked += [(r, False, True) for r in generic[:N_BITEXT_NEG]]
    out = []
    for r, is_ack, is_generic in picked:
        n = len(APOLOGY.findall(r["response"]))
        labels = blank_labels(acknowledges_emotion=is_ack, generic_sympathy=is_generic, rude=False,
                              over_apologising=False if n <= 1 else None)
        out.append(record(f"bitext:{r['id']}", "bitext/customer-support-llm-chatbot-training-dataset@8b6ca3d "
                          "via shared/data/bitext/train.jsonl", r["instruction"], r["response"], labels,
                          "bitext-relabelled", "CDLA-Sharing-1.0"))
    return out


def main() -> None:
    rows = politeness() + epitome() + bitext()
    out = ROOT / "data" / "labelled" / "relabelled.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {b: [sum(r["labels"][b] is True for r in rows), sum(r["labels"][b] is False for r in rows)]
              for b in BEHAVIOURS}
    sys.stdout.write(f"{len(rows)} rows -> {out}\n{json.dumps(counts)}\n")


if __name__ == "__main__":
    main()
