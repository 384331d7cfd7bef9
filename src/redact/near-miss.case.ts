/** A fast-check arbitrary for the redaction property tests (a test helper, not built). */
import fc from 'fast-check';

/** Text built from pieces that sit near every rule's edges. */
export const nearMiss = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '0', '1', '4', '9', '06', '12', '123', '4111', '2024', '255', '256', '0612345678', '4111111111111111',
        '111222333', '078-05-1120', 'NL91ABNA0417164300', 'NL91 ABNA 0417 1643 00', 'AB 12 34 56 C', 'fe80::1',
        '::', '::ffff:1.2.3.4', '192.168.0.1', 'jan@example.nl', '+31', '+44 20 7946 0958', '(555) 123-4567',
        '01.02.2024', '10:30', 'v2.10.3', '[EMAIL]', '[PHONE]', '[IP]', '[CARD]', '[ID]', '[IBAN]', 'ab', 'AB', 'x',
      ),
      fc.constantFrom(' ', '  ', '.', '-', ':', '(', ')', '+', '@', ',', '/', '[', ']', '\n', 'é', '٣'),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));
