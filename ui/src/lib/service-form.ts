// The service form's values and how they become a ServiceInput; pure, so it is unit-tested.
import type { DataCategory, Language, Law, Service, ServiceInput } from "./ipc";
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

export function toInput(v: ServiceFormValues): ServiceInput {
  return {
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
    source: null,
  };
}
