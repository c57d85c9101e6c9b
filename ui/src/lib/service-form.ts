// The service form's values and how they become a ServiceInput; pure, so it is unit-tested.
import type { DataCategory, Evidence, FindingConfidence, Language, Law, Service, ServiceInput, SuggestedService } from "./ipc";
import { lines, orNull } from "./format";

export interface ServiceFormValues {
  display_name: string;
  legal_name: string;
  emails: string;
  postal_address: string;
  website: string;
  webform_url: string;
  phone: string;
  law: Law;
  language: Language;
  country: string;
  data_categories: DataCategory[];
  data_other: string;
  account_ids: string;
  identity_documents: string;
  fees: string;
  notes: string;
}

export function emptyForm(): ServiceFormValues {
  return {
    display_name: "", legal_name: "", emails: "", postal_address: "", website: "", webform_url: "", phone: "",
    law: "appi", language: "ja", country: "", data_categories: [], data_other: "", account_ids: "",
    identity_documents: "", fees: "", notes: "",
  };
}

export function formFromService(s: Service): ServiceFormValues {
  return {
    display_name: s.display_name, legal_name: s.legal_name ?? "", emails: s.emails.join("\n"),
    postal_address: s.postal_address ?? "", website: s.website ?? "", webform_url: s.webform_url ?? "", phone: s.phone ?? "",
    law: s.law, language: s.language, country: s.country ?? "", data_categories: [...s.data_categories],
    data_other: s.data_other.join("\n"), account_ids: s.account_ids.join("\n"), identity_documents: s.identity_documents.join("\n"),
    fees: s.fees ?? "", notes: s.notes ?? "",
  };
}

/** The form filled from what a privacy policy suggests; what it did not find stays empty. */
export function formFromSuggestion(s: SuggestedService): ServiceFormValues {
  const base = emptyForm();
  return {
    ...base,
    display_name: s.display_name ?? "", legal_name: s.legal_name ?? "", emails: (s.emails ?? []).join("\n"),
    postal_address: s.postal_address ?? "", website: s.website ?? "", webform_url: s.webform_url ?? "", phone: s.phone ?? "",
    law: s.law ?? base.law, language: s.language ?? (s.law ? defaultLanguage(s.law) : base.language),
    data_categories: [...(s.data_categories ?? [])], identity_documents: (s.identity_documents ?? []).join("\n"),
    fees: s.fees ?? "", notes: s.notes ?? "",
  };
}

/** Which findings back each form field (the policy's evidence keys). */
const EVIDENCE_FIELDS: Record<string, string[]> = {
  display_name: ["service_name"], legal_name: ["service_name"], emails: ["contact_emails", "hidden_emails"],
  postal_address: ["postal_address"], phone: ["phone"], webform_url: ["webform_urls"], law: ["laws"],
  identity_documents: ["identity_verification"], fees: ["fee_text"], data_categories: ["data_categories"],
  notes: ["rights", "response_time", "hidden_emails"],
};

/** The evidence behind one form field, surest first. */
export function evidenceFor(field: string, evidence: readonly Evidence[], value?: string): Evidence[] {
  const keys = EVIDENCE_FIELDS[field] ?? [];
  const rank = { high: 0, medium: 1, low: 2 } as const;
  return evidence
    .filter((e) => keys.includes(e.field) && (value === undefined || e.value === value))
    .sort((a, b) => rank[a.confidence] - rank[b.confidence]);
}

/** The default letter language for a law (the core's rule: APPI → Japanese, else English). */
export function defaultLanguage(law: Law): Language {
  return law === "appi" ? "ja" : "en";
}

/** Checks that need no back end; keys are the back end's field names. */
export function validate(v: ServiceFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.display_name.trim()) errors["name"] = "name";
  for (const e of lines(v.emails)) {
    if (!/^[^\s@<>\[\],;]+@[^\s@<>\[\],;]+\.[^\s@<>\[\],;]+$/.test(e)) errors["email"] = e;
  }
  return errors;
}

/** Where a record's details came from: a policy (its source and the date read) or a directory
 * record (its slug). */
export type Origin = { source: string; readOn: string } | { slug: string };

function originFields(o: Origin | null): Partial<ServiceInput> {
  if (o === null) return { source: null };
  if ("slug" in o) return { source: "directory", directory_slug: o.slug };
  return { source: "policy", policy_source: o.source, policy_read_on: o.readOn };
}

export function toInput(v: ServiceFormValues, origin: Origin | null = null): ServiceInput {
  return {
    ...originFields(origin),
    display_name: v.display_name.trim(),
    legal_name: orNull(v.legal_name) ?? "",
    emails: lines(v.emails),
    postal_address: orNull(v.postal_address) ?? "",
    website: orNull(v.website) ?? "",
    webform_url: orNull(v.webform_url) ?? "",
    phone: orNull(v.phone) ?? "",
    law: v.law,
    language: v.language,
    country: v.country.trim(),
    data_categories: v.data_categories,
    data_other: lines(v.data_other),
    account_ids: lines(v.account_ids),
    identity_documents: lines(v.identity_documents),
    fees: orNull(v.fees) ?? "",
    notes: orNull(v.notes) ?? "",
  };
}

/** The i18n key that words a finding's confidence. */
export function confidenceKey(c: FindingConfidence): "confidence.high" | "confidence.medium" | "confidence.low" {
  return c === "high" ? "confidence.high" : c === "medium" ? "confidence.medium" : "confidence.low";
}
