import { describe, expect, it } from 'vitest';
import { logCsv } from './log-csv';
import { readingsCsv } from './readings-csv';
import { generateSampleDocument } from '../../simulator/sample/sample-document';
import { berlinTime } from '../../model/time/berlin';

describe('CSV exports', () => {
  it('writes the log layout with BOM and quoting', () => {
    const csv = logCsv([
      { recordNumber: 1, level: 1, outcome: 0, timestamp: berlinTime(2024, 7, 1, 12, 0, 5), text: 'consumer: http authorization' },
      { recordNumber: 2, level: 4, outcome: 1, text: 'a;b "c"' },
    ]);
    expect(csv).toBe(
      '\uFEFFNr;Zeitstempel;Level;Outcome;Meldungstext\r\n1;01.07.2024 12:00:05;INFO;SUCCESS;consumer: http authorization\r\n2;;FATAL;FAILURE;"a;b ""c"""\r\n',
    );
  });

  it('writes the value list layout, decimal comma, and gaps as "kein Messwert vorhanden"', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 5, channels: ['0100010800ff'], placeholderSignatures: true });
    const mr = doc.usagePoints[0]!.meterReadings[0]!;
    mr.intervalBlocks[0]!.readings.splice(2, 1);
    const lines = readingsCsv([mr]).split('\r\n');
    expect(lines[0]).toBe('\uFEFFZeitstempel;Sollzeitstempel;Status PTB;Status FNN;Wert;Einheit;Signatur des SMGWs;Signatur des Sensors;');
    expect(lines[1]).toMatch(/^01\.01\.2024 00:00:00;01\.01\.2024 00:00:00;0;A000000020000000;100000,0;Wh;[0-9A-F]{128};[0-9A-F]{64};$/);
    expect(lines[2]).toMatch(/^01\.01\.2024 00:15:03;01\.01\.2024 00:15:00;0;/);
    expect(lines[3]).toBe(';01.01.2024 00:30:00;;;kein Messwert vorhanden;;;;');
    expect(lines).toHaveLength(7);
  });

  it('titles each list when there are several', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 2 });
    const csv = readingsCsv(doc.usagePoints[0]!.meterReadings);
    expect(csv.split('\r\n').filter((l) => l.includes('Messwertliste'))).toEqual([
      '\uFEFFMesswertliste 1-0:1.8.0*255 (0100010800FF.1XXX0012345678.sm), Zähler 1XXX0012345678',
      'Messwertliste 1-0:2.8.0*255 (0100020800FF.1XXX0012345678.sm), Zähler 1XXX0012345678',
    ]);
  });

  it('neutralises cells a spreadsheet would run as formulas; signed numbers stay numbers', () => {
    const csv = logCsv([
      { recordNumber: 1, level: 1, outcome: 0, text: '=HYPERLINK("http://example.invalid";"x")' },
      { recordNumber: 2, level: 1, outcome: 0, text: '+1+2' },
      { recordNumber: 3, level: 1, outcome: 0, text: '@SUM(A1)' },
      { recordNumber: 4, level: 1, outcome: 0, text: '-12,5' },
      { recordNumber: 5, level: 1, outcome: 0, text: '\tcmd' },
    ]);
    const texts = csv.split('\r\n').slice(1, 6).map((line) => line.split(';').slice(4).join(';'));
    expect(texts).toEqual(['"\'=HYPERLINK(""http://example.invalid"";""x"")"', "'+1+2", "'@SUM(A1)", '-12,5', '"\'\tcmd"']);
  });
});

