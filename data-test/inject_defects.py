#!/usr/bin/env python3
"""Injects the documented defects into the clean BANK003 files (run on freshly generated files)."""
import sys, os
root = sys.argv[1]  # data-test/BANK003

def load(path):
    text = open(path, newline='').read()
    assert text.endswith('\n') and '\r' not in text
    lines = text[:-1].split('\n')
    return lines[0].split(';'), [{'f': l.split(';'), 'defect': None} for l in lines[1:]]

def save(path, header, rows):
    with open(path, 'w', newline='') as out:
        out.write(';'.join(header) + '\n')
        for r in rows:
            out.write(';'.join(r['f']) + '\n')

def col(header, name):
    return header.index(name)

def inject_credit(header, rows, specs, dup_from, dup_after):
    """specs: (row index in clean file, field, value, type, predicate or None). Returns broken loans."""
    broken = set()
    used = set()
    for start, field, value, etype, pred in specs:
        i = start
        while i in used or (pred and not pred(rows[i]['f'])):
            i += 1
        used.add(i)
        row = rows[i]
        broken.add(row['f'][col(header, 'loan_account_number')])
        row['f'][col(header, field)] = value
        row['defect'] = (field, etype)
    assert dup_from not in used
    copy = {'f': list(rows[dup_from]['f']), 'defect': ('loan_account_number', 'DUPLICATE')}
    rows.insert(dup_after + 1, copy)
    return broken

def inject_plan(header, rows, broken, specs, dup_at, xref_at):
    L = col(header, 'loan_account_number')
    rows[:] = [r for r in rows if r['f'][L] not in broken]
    used_loans = set()
    def pick(start, pred):
        i = start
        while rows[i]['f'][L] in used_loans or (pred and not pred(rows[i]['f'])):
            i += 1
        used_loans.add(rows[i]['f'][L])
        return i
    for start, field, value, etype, pred in specs:
        i = pick(start, pred)
        rows[i]['f'][col(header, field)] = value
        rows[i]['defect'] = (field, etype)
    # DUPLICATE: a row of an untouched block repeated right after its block (the later one).
    i = pick(dup_at, None)
    loan = rows[i]['f'][L]
    end = i
    while end + 1 < len(rows) and rows[end + 1]['f'][L] == loan:
        end += 1
    rows.insert(end + 1, {'f': list(rows[i]['f']), 'defect': ('installment_number', 'DUPLICATE')})
    # CROSS_REFERENCE: installments 1, 2, 3 of a loan that is not in the credit file, between blocks.
    N = col(header, 'installment_number')
    j = xref_at
    while rows[j]['f'][L] == rows[j - 1]['f'][L]:
        j += 1
    template = next(r for r in rows if r['f'][N] == '1' and r['defect'] is None)
    for k in ('3', '2', '1'):
        f = list(template['f'])
        f[L] = 'LOAN_999999'
        f[N] = k
        rows.insert(j, {'f': f, 'defect': ('loan_account_number', 'CROSS_REFERENCE')})

def closed(header):
    i = col(header, 'loan_status_code')
    return lambda f: f[i] == 'K'

def paid(header):
    i = col(header, 'installment_status')
    return lambda f: f[i] == 'K'

expected = []
def record(fname, rows):
    for n, r in enumerate(rows):
        if r['defect']:
            expected.append((fname, n + 2, r['defect'][0], r['defect'][1]))

for lt in ('RETAIL', 'COMMERCIAL'):
    ch, crows = load(f'{root}/{lt}/credit.csv')
    ph, prows = load(f'{root}/{lt}/payment_plan.csv')
    if lt == 'RETAIL':
        cspecs = [
            (3, 'loan_account_number', '', 'REQUIRED', None),
            (21, 'customer_id', '', 'REQUIRED', None),
            (38, 'original_loan_amount', '', 'REQUIRED', None),
            (55, 'original_loan_amount', 'abc', 'TYPE', None),
            (72, 'total_installment_count', '1.5', 'TYPE', None),
            (89, 'outstanding_principal_balance', '100.123', 'TYPE', None),
            (106, 'original_loan_amount', '-1000.00', 'RANGE', None),
            (123, 'days_past_due', '-5', 'RANGE', None),
            (140, 'total_interest_amount', '12345678901234567.00', 'RANGE', None),
            (157, 'loan_start_date', '2025/01/15', 'FORMAT', None),
            (174, 'final_maturity_date', '20250231', 'FORMAT', None),
            (191, 'customer_type', 'X', 'VALUE', None),
            (208, 'loan_status_code', 'Z', 'VALUE', None),
            (225, 'insurance_included', 'Q', 'VALUE', None),
        ]
        broken = inject_credit(ch, crows, cspecs, dup_from=10, dup_after=250)
        pspecs = [
            (20, 'installment_amount', '', 'REQUIRED', None),
            (90, 'principal_component', '', 'REQUIRED', None),
            (160, 'loan_account_number', '', 'REQUIRED', None),
            (230, 'interest_component', 'abc', 'TYPE', None),
            (300, 'installment_number', '1.5', 'TYPE', None),
            (370, 'kkdf_component', '100.123', 'TYPE', None),
            (440, 'installment_number', '0', 'RANGE', None),
            (510, 'remaining_principal', '-10.00', 'RANGE', None),
            (580, 'installment_amount', '12345678901234567.00', 'RANGE', None),
            (650, 'scheduled_payment_date', '2025/01/15', 'FORMAT', None),
            (720, 'actual_payment_date', '20250231', 'FORMAT', paid(ph)),
            (790, 'installment_status', 'Z', 'VALUE', None),
        ]
        inject_plan(ph, prows, broken, pspecs, dup_at=860, xref_at=930)
    else:
        cspecs = [
            (4, 'loan_account_number', '', 'REQUIRED', None),
            (19, 'outstanding_principal_balance', '', 'REQUIRED', None),
            (34, 'kkdf_amount', 'abc', 'TYPE', None),
            (49, 'paid_installment_count', '1.5', 'TYPE', None),
            (64, 'original_loan_amount', '100.123', 'TYPE', None),
            (79, 'outstanding_principal_balance', '-50.00', 'RANGE', None),
            (94, 'days_past_due', '-5', 'RANGE', None),
            (109, 'original_loan_amount', '12345678901234567.00', 'RANGE', None),
            (124, 'default_probability', '1.5', 'RANGE', None),
            (139, 'first_payment_date', '2025/01/15', 'FORMAT', None),
            (154, 'loan_closing_date', '20250231', 'FORMAT', closed(ch)),
            (169, 'customer_type', 'X', 'VALUE', None),
            (184, 'loan_status_code', 'Z', 'VALUE', None),
        ]
        broken = inject_credit(ch, crows, cspecs, dup_from=12, dup_after=200)
        pspecs = [
            (15, 'installment_amount', '', 'REQUIRED', None),
            (80, 'principal_component', '', 'REQUIRED', None),
            (145, 'bsmv_component', 'abc', 'TYPE', None),
            (210, 'installment_number', '2.0', 'TYPE', None),
            (275, 'interest_component', '99.999', 'TYPE', None),
            (340, 'installment_number', '0', 'RANGE', None),
            (405, 'remaining_interest', '-1.50', 'RANGE', None),
            (470, 'principal_component', '12345678901234567.00', 'RANGE', None),
            (535, 'scheduled_payment_date', '2025/01/15', 'FORMAT', None),
            (600, 'actual_payment_date', '20250231', 'FORMAT', paid(ph)),
            (665, 'installment_status', 'Z', 'VALUE', None),
        ]
        inject_plan(ph, prows, broken, pspecs, dup_at=720, xref_at=780)
    save(f'{root}/{lt}/credit.csv', ch, crows)
    save(f'{root}/{lt}/payment_plan.csv', ph, prows)
    record(f'{lt}/credit.csv', crows)
    record(f'{lt}/payment_plan.csv', prows)
    print(f'{lt}: credit {len(crows)} rows, {sum(1 for r in crows if r["defect"])} defective; '
          f'plan {len(prows)} rows, {sum(1 for r in prows if r["defect"])} defective; '
          f'{len(broken)} plan blocks removed', file=sys.stderr)

with open(f'{root}/expected_errors.csv', 'w', newline='') as out:
    out.write('file;line;field;error_type\n')
    for e in expected:
        out.write(';'.join(map(str, e)) + '\n')
