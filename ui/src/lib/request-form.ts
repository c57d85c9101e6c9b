// The new-request form's rules: which details a kind asks for and what a draft looks like.
import type { Language, Law, NewRequest, RequestKind, SendChannel, Service, StopGround } from "./ipc";

export const KINDS: RequestKind[] = ["access", "correction", "deletion", "stop-use", "restriction", "portability", "opt-out", "third-party-records", "custom"];
export const GROUNDS: StopGround[] = ["beyond-purpose", "improper-use", "wrongful-acquisition", "unlawful-provision", "no-longer-needed", "leak", "rights-harmed"];

/** Which label the details box gets for a kind. */
export function detailsKey(kind: RequestKind): "new.details.correction" | "new.details.deletion" | "new.details.stop-use" | "new.details.other" {
  if (kind === "correction" || kind === "deletion" || kind === "stop-use") return `new.details.${kind}`;
  return "new.details.other";
}

/** APPI stop-use and deletion letters cite the Art. 35 grounds. */
export function needsGrounds(kind: RequestKind, law: Law): boolean {
  return law === "appi" && (kind === "stop-use" || kind === "deletion");
}

/** The law and language suggested by the first service picked. */
export function suggest(first: Service | undefined): { law: Law; language: Language; channel: SendChannel } {
  if (!first) return { law: "appi", language: "ja", channel: "post" };
  return { law: first.law, language: first.language, channel: first.emails.length > 0 ? "email" : "post" };
}

export interface DraftValues {
  serviceIds: number[];
  kind: RequestKind;
  law: Law;
  language: Language;
  channel: SendChannel;
  details: string;
  grounds: StopGround[];
  reference: string | null;
}

export function toNewRequest(d: DraftValues): NewRequest {
  const text = d.details.trim();
  return {
    service_ids: d.serviceIds,
    kind: d.kind,
    law: d.law,
    language: d.language,
    channel: d.channel,
    details: { text: text === "" ? null : text, grounds: needsGrounds(d.kind, d.law) ? d.grounds : [] },
    profile_id: null,
    reference: d.reference,
  };
}
