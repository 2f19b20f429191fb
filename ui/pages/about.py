"""About / how it works: the method in plain language, its limits, and what it is not."""

from __future__ import annotations

import streamlit as st

from pathways.distributions import K
from pathways.formatting import count_text
from pathways.i18n import _
from ui.state import SAMPLES, library

lib = library()
st.title(_("About Pathways"))
st.warning(
    _(
        "**Not medical or legal advice.** Pathways explains regulatory routes and their uncertainty. "
        "Talk to your doctor about treatment, and check any date with the agencies themselves."
    )
)
ABOUT = _("""
### What it answers
*When could patients get this medicine, in my country, and what has to happen first?* For one real product
at one moment, it shows every route to patients — **approved and publicly funded**, **early access**,
**funded off-label use** of an already marketed medicine, and **joining a trial** — with the chance that each
route opens at all and, if it does, a range of dates.

### How it works
1. **A library of pathways** written in plain YAML by people who know regulation: {fragments} fragments
   covering clinical phases, the EU (EMA and the European Commission) and {countries} countries.
   Each step says who acts, how long it takes (a range) and which public source says so — or that the figure
   is an assumption, and why.
2. **A scenario** says where the product stands today (for example "in a phase 2 trial since June 2025"),
   what it is already authorised for, and the assumptions (the chance the trial is positive, that the company
   applies, …). You can change every assumption on the Ask page.
3. **{samples} simulated futures.** Each future draws every duration from its range and every decision from
   its chances, and follows the steps in order: a step waits for everything it needs, or for the first of
   several alternatives. Counting the futures gives the chance that each route opens and the 10th, 50th and 90th
   percentile dates (durations are drawn from PERT ranges through {points}-point quantile tables).
4. **Checked against history.** The same machinery predicts real medicines' dates from what was known at the
   time; the page *How accurate is this?* shows how often the ranges contained what really happened.

### How to read the numbers
- **Chance it opens at all** comes first: a date range for a route with a 5% chance is not a promise.
- **Most likely (P50)** is the middle of the futures in which the route opens; **80% range** runs from P10 to P90.
- Routes answer different questions: *for whom* (all patients, a group, a few trial participants) and *who pays*.

### Limits
- Many durations and most probabilities are published averages for *other* medicines, or labelled assumptions.
- Company decisions (to apply, to ask for reimbursement) are modelled as chances; no one outside the company knows them.
- Rules change: each fragment shows the date it was last reviewed (see *Sources*). Dated changes that are already
  agreed, such as the EU pharmaceutical reform's shorter clocks, are applied from the date they apply.
- Availability is defined as public funding being in place; real uptake in hospitals can take longer.

### Open source
Everything — library, method, tests — is open. Download any picture or table and reuse it with a link back.
""")
st.markdown(
    ABOUT.format(fragments=len(lib.fragments), countries=len(lib.countries()), samples=count_text(SAMPLES), points=count_text(K))
)
