import { createHash } from 'node:crypto';

/**
 * A customer id from an email address: the SHA-256 (hex) of the address trimmed and in lower case.
 * Emails are not stored: Pulse's answers list customer ids in Slack channels and CSV exports, and an
 * address there is personal data posted to everyone in the channel. The hash still joins a person's
 * Shopify and Stripe records, and it is the form Google Ads Customer Match and Meta custom audiences
 * accept for uploads, so a segment export can be uploaded as an audience as it is. It is a
 * pseudonym, not anonymity: anyone holding the address can compute the same hash.
 */
export function customerIdFromEmail(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** A country as Pulse names them (`United Kingdom`): two-letter codes (`GB`, Shopify's and Stripe's) become names. */
export function countryName(text: string): string | null {
  const value = text.trim();
  if (!value) return null;
  if (/^[A-Za-z]{2}$/.test(value)) {
    try {
      const name = regionNames.of(value.toUpperCase());
      if (name && name !== value.toUpperCase()) return name;
    } catch {
      // Not a region code: keep the text as written.
    }
  }
  return value;
}
