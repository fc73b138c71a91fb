import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.ts';
import { readContactRow, readDomain, suggestRecordMapping } from './contact-import.ts';
import { lossOf, suggestMapping } from './deal-import.ts';
import { amountText, csvRecord, exportHeaders, problemsCsv, safeCell, unescapeCell } from './record-export.ts';

test('a cell a spreadsheet would run as a formula starts with a single quote, and the importers read it back as it was', () => {
  for (const dangerous of ['=HYPERLINK("http://x","y")', '+1 555 0100', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
    assert.equal(safeCell(dangerous), `'${dangerous}`);
    assert.equal(unescapeCell(safeCell(dangerous)), dangerous);
  }
  assert.equal(safeCell('Acme = good'), 'Acme = good', 'only the first character counts');
  assert.equal(unescapeCell("'quoted on purpose"), "'quoted on purpose", 'a quote before a harmless character is kept');
});

test('a record is RFC 4180: CRLF, quotes doubled, fields with a comma, a quote or a line break quoted', () => {
  const line = csvRecord(['plain', 'a, b', 'say "hi"', 'two\nlines', null, 12]);
  assert.equal(line, 'plain,"a, b","say ""hi""","two\nlines",,12\r\n');
  const read = parseCsv(csvRecord(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']) + line);
  assert.deepEqual(read.rows[0]!.cells, ['plain', 'a, b', 'say "hi"', 'two\nlines', '', '12']);
});

test('amounts are written as the importer reads them, cents always shown', () => {
  assert.equal(amountText(1_250_050), '12500.50');
  assert.equal(amountText(5), '0.05');
  assert.equal(amountText(0), '0.00');
});

test("each export's header maps itself back in the importer without a hand-made mapping", () => {
  assert.deepEqual(suggestMapping(exportHeaders.deals), {
    externalId: 'Id',
    name: 'Deal Name',
    account: 'Account',
    accountExternalId: 'Account Id',
    stage: 'Stage',
    amount: 'Amount',
    currency: 'Currency',
    closeDate: 'Close Date',
    owner: 'Owner (e-mail)',
    product: 'Product',
    salesTeam: 'Sales Team',
    lossReason: 'Loss reason',
  });
  assert.deepEqual(suggestRecordMapping('account', exportHeaders.accounts), {
    externalId: 'Id',
    name: 'Account Name',
    domain: 'Domain',
    industry: 'Industry',
    owner: 'Owner (e-mail)',
  });
  assert.deepEqual(suggestRecordMapping('contact', exportHeaders.contacts), {
    externalId: 'Id',
    firstName: 'First Name',
    lastName: 'Last Name',
    email: 'Email',
    phone: 'Phone',
    title: 'Job Title',
    account: 'Account',
    accountExternalId: 'Account Id',
  });
});

test('HubSpot, Pipedrive and Salesforce headers suggest the contact and account mappings', () => {
  assert.deepEqual(suggestRecordMapping('contact', ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Job Title', 'Associated Company']), {
    externalId: 'Record ID',
    firstName: 'First Name',
    lastName: 'Last Name',
    email: 'Email',
    phone: 'Phone Number',
    title: 'Job Title',
    account: 'Associated Company',
  });
  assert.deepEqual(suggestRecordMapping('contact', ['Person - ID', 'Person - Name', 'Person - Email', 'Person - Phone', 'Person - Organization']), {
    externalId: 'Person - ID',
    fullName: 'Person - Name',
    email: 'Person - Email',
    phone: 'Person - Phone',
    account: 'Person - Organization',
  });
  assert.deepEqual(suggestRecordMapping('contact', ['ID', 'Name', 'Email', 'Organization']), {
    externalId: 'ID',
    fullName: 'Name',
    email: 'Email',
    account: 'Organization',
  });
  assert.deepEqual(suggestRecordMapping('account', ['Account ID', 'Account Name', 'Website', 'Industry', 'Account Owner']), {
    externalId: 'Account ID',
    name: 'Account Name',
    domain: 'Website',
    industry: 'Industry',
    owner: 'Account Owner',
  });
});

test('a website is read as its domain', () => {
  assert.equal(readDomain('https://www.Acme.com/about?x=1'), 'acme.com');
  assert.equal(readDomain('acme.co.uk'), 'acme.co.uk');
  assert.equal(readDomain('not a site'), undefined);
});

test('a full name is split at its last space; a contact without a name or an account is refused with both reasons', () => {
  const header = ['Name', 'Email', 'Organization'];
  const mapping = { fullName: 'Name', email: 'Email', account: 'Organization' };
  const ok = readContactRow(header, ['Anna Maria Schmidt', 'anna@example.com', 'Acme'], 2, mapping);
  assert.ok('record' in ok);
  assert.equal(ok.record.firstName, 'Anna Maria');
  assert.equal(ok.record.lastName, 'Schmidt');
  const bad = readContactRow(header, ['', 'not-an-address', ''], 3, mapping);
  assert.ok('problems' in bad);
  assert.deepEqual(
    bad.problems.map((p) => [p.row, p.column, p.reason]),
    [
      [3, 'Name', 'is required (a first or a last name)'],
      [3, 'Email', 'is not an e-mail address'],
      [3, 'Organization', 'is required (or an account id)'],
    ],
  );
});

test("a file's loss reason is the workspace's reason of that label, with its note after a colon, else Other with the text", () => {
  const reasons = [
    { id: 'p', key: 'price', label: 'Price', archived: false },
    { id: 'o', key: 'other', label: 'Other', archived: false },
  ];
  assert.deepEqual(lossOf('price', reasons, 'other', 'fallback'), { lossReasonId: 'p' });
  assert.deepEqual(lossOf('Other: went with a spreadsheet', reasons, 'other', 'fallback'), { lossReasonId: 'o', lossNote: 'went with a spreadsheet' });
  assert.deepEqual(lossOf('Budget frozen', reasons, 'other', 'fallback'), { lossReasonId: 'o', lossNote: 'Budget frozen' });
  assert.deepEqual(lossOf(null, reasons, 'other', 'fallback'), { lossReasonId: 'o', lossNote: 'fallback' });
  assert.deepEqual(lossOf(null, [], 'other', 'fallback'), { reason: 'fallback' });
});

test("an import's error report keeps a bad value that looks like a formula from running in the reader's spreadsheet", () => {
  assert.equal(
    problemsCsv([
      { row: 7, column: 'Deal Name', value: '=HYPERLINK("http://x.example","click")', reason: 'is longer than 200 characters' },
      { row: 9, column: 'Amount', value: '-250.00', reason: 'is negative' },
    ]),
    'row,column,value,reason\r\n7,Deal Name,"\'=HYPERLINK(""http://x.example"",""click"")",is longer than 200 characters\r\n9,Amount,\'-250.00,is negative\r\n',
  );
});
