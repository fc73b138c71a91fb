import { test } from 'node:test';
import assert from 'node:assert/strict';
import { child, parseXml, XmlError } from './xml.ts';

test('reads elements without their prefixes, attributes, entities, CDATA and self-closing elements', () => {
  const root = parseXml(
    '<?xml version="1.0"?><a:Root xmlns:a="urn:x"><a:Name kind=\'x&amp;y\'>Stark &amp; Sons &#233;&#x41;</a:Name><Empty xsi:nil="true"/><C><![CDATA[<raw>]]></C></a:Root>',
  );
  assert.equal(root.name, 'Root');
  assert.equal(child(root, 'Name')?.text, 'Stark & Sons éA');
  assert.equal(child(root, 'Name')?.attributes.kind, 'x&y');
  assert.equal(child(root, 'Empty')?.attributes['xsi:nil'], 'true');
  assert.equal(child(root, 'C')?.text, '<raw>');
});

test('refuses a DOCTYPE (no entity expansion), mismatched tags, unknown entities and two roots', () => {
  for (const bad of ['<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>', '<a><b></a></b>', '<a>&nbsp;</a>', '<a/><b/>', '<a>', 'text']) {
    assert.throws(() => parseXml(bad), XmlError, bad);
  }
});
