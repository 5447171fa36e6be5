"""Per-script normalisation of party names: one module per concern.

- `text`: clean-up (NFKC, control characters, separators), script tests, Latin tokens and the
  comparison keys (`token_key`, `skeleton`) every matcher compares on;
- `legal`: legal forms in every script, recognised and set aside (`data/legal_forms.yaml`);
- `readings`: canonical CJK form (opencc), Japanese readings (cutlet, pykakasi), pinyin,
  katakana letter names and the loanword key.

Nothing here knows about lists or scores; matchers combine these into their own forms.
"""
