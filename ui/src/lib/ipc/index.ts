// The only module that talks to Tauri. Views call `api.*`, which unwraps the generated
// commands' results and throws `AppError` ({kind, message, field}) on failure.
import { commands } from "./bindings";
import type * as B from "./bindings";
import { toAppError } from "../errors";
import { START_WINDOW_DAYS, takeStart } from "./start";
import { isPermissionGranted, requestPermission } from "@tauri-apps/plugin-notification";
import { open, save } from "@tauri-apps/plugin-dialog";
import { listen } from "@tauri-apps/api/event";
import { Channel } from "@tauri-apps/api/core";

export type AppInfo = B.AppInfo;
export type Profile = B.Profile_Serialize;
export type ProfileInput = B.ProfileInput_Deserialize;
export type Service = B.Service_Serialize;
export type ServiceInput = B.ServiceInput_Deserialize;
export type ServiceDetail = B.ServiceDetail_Serialize;
export type NewRequest = B.NewRequest_Deserialize;
export type Letter = B.Letter;
export type Request = B.Request_Serialize;
export type RequestRow = B.RequestRow_Serialize;
export type RequestView = B.RequestView_Serialize;
export type Deadline = B.Deadline_Serialize;
export type DueItem = B.DueItem_Serialize;
export type Reminder = B.Reminder_Serialize;
export type Account = B.Account_Serialize;
export type AccountInput = B.AccountInput_Deserialize;
export type MessageRow = B.MessageRow_Serialize;
export type ImportOutcome = B.ImportOutcome_Serialize;
export type Security = B.Security;
export type SendProgress = B.SendProgress;
export type SendSummary = B.SendSummary;
export type DroppedFile = B.DroppedFile;
export type PolicyReading = B.PolicyReading_Serialize;
export type Evidence = B.Evidence;
export type FieldChange = B.FieldChange;
export type FindingConfidence = B.FindingConfidence;
export type SuggestedService = B.ServiceInput_Serialize;
export type CompanyRecord = B.CompanyRecord_Serialize;
export type DirectoryImport = B.DirectoryImport;
export type DirectoryInfo = B.DirectoryInfo_Serialize;
export type NextStep = B.NextStep_Serialize;
export type Stats = B.Stats_Serialize;
export type MissingItem = B.MissingItem;
export type FollowupType = B.FollowupType;
export type Regulator = B.RegulatorRecord_Serialize;
export type ComplaintDraft = B.ComplaintDraft_Serialize;
export type TodayView = B.TodayView_Serialize;
export type Settings = B.Settings_Serialize;
export type EventInput = B.EventInput_Deserialize;
export type Law = B.Law;
export type Language = B.Language;
export type RequestKind = B.RequestKind;
export type SendChannel = B.SendChannel;
export type Status = B.Status;
export type EventKind = B.EventKind;
export type Outcome = B.Outcome;
export type StopGround = B.StopGround;
export type DataCategory = B.DataCategory;
export type IpcErrorKind = B.IpcErrorKind;

/** An error from the back end, with the kind the UI acts on. */
export class AppError extends Error {
  constructor(
    readonly kind: IpcErrorKind,
    message: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}

type Res<T> = { status: "ok"; data: T } | { status: "error"; error: unknown };

async function unwrap<T>(p: Promise<Res<T>>): Promise<T> {
  const r = await p;
  if (r.status === "ok") return r.data;
  const e = toAppError(r.error);
  throw new AppError(e.kind, e.message, e.field);
}

export const api = {
  appInfo: () => commands.appInfo(),
  today: () => commands.today(),
  profiles: () => unwrap(commands.profiles()),
  setProfile: (id: number | null, input: ProfileInput) => unwrap(commands.setProfile(id, input)),
  services: (text: string | null, law: Law | null) => unwrap(commands.services({ text, law })),
  serviceDetail: (id: number) => unwrap(commands.serviceDetail(id)),
  addService: (input: ServiceInput) => unwrap(commands.addService(input)),
  editService: (id: number, input: ServiceInput) => unwrap(commands.editService(id, input)),
  removeService: (id: number) => unwrap(commands.removeService(id)),
  proposeReference: () => unwrap(commands.proposeReference()),
  previewLetter: (r: NewRequest) => unwrap(commands.previewLetter(r)),
  createRequests: (r: NewRequest) => unwrap(commands.createRequests(r)),
  requests: (status: Status | null) => unwrap(commands.requests(status)),
  requestView: (id: number) => unwrap(commands.requestView(id)),
  markSent: (id: number, on: string, via: SendChannel | null) => unwrap(commands.markSent(id, on, via)),
  recordEvent: (id: number, kind: EventKind, on: string, e: EventInput) => unwrap(commands.recordEvent(id, kind, on, e)),
  letterEml: (id: number) => unwrap(commands.letterEml(id)),
  exportEml: (id: number, path: string) => unwrap(commands.exportEml(id, path)),
  reminder: () => unwrap(commands.reminder()),
  todayView: (withinDays: number) =>
    unwrap((withinDays === START_WINDOW_DAYS ? takeStart() : null) ?? commands.todayView(withinDays)),
  settings: () => unwrap(commands.settings()),
  accounts: () => unwrap(commands.accounts()),
  addAccount: (input: AccountInput, password: string) => unwrap(commands.addAccount(input, password)),
  removeAccount: (id: number) => unwrap(commands.removeAccount(id)),
  testAccount: (id: number) => unwrap(commands.testAccount(id)),
  sendRequest: (id: number, account: number | null, attachments: string[]) =>
    unwrap(commands.sendRequest(id, account, attachments)),
  sendRequests: (ids: number[], account: number | null, attachments: string[], onProgress: (p: SendProgress) => void) => {
    const progress = new Channel<SendProgress>();
    progress.onmessage = onProgress;
    return unwrap(commands.sendRequests(ids, account, attachments, progress));
  },
  requestMessages: (id: number) => unwrap(commands.requestMessages(id)),
  mailto: (id: number) => unwrap(commands.mailto(id)),
  importReplies: (paths: string[]) => unwrap(commands.importReplies(paths)),
  importDroppedReplies: (files: DroppedFile[]) => unwrap(commands.importDroppedReplies(files)),
  openInMailApp: (id: number) => unwrap(commands.openInMailApp(id)),
  fetchReplies: (account: number | null) => unwrap(commands.fetchReplies(account)),
  unmatchedReplies: () => unwrap(commands.unmatchedReplies()),
  assignReply: (message: number, request: number) => unwrap(commands.assignReply(message, request)),
  exportEvidence: (id: number, path: string) => unwrap(commands.exportEvidence(id, path)),
  saveAttachment: (id: number, path: string) => unwrap(commands.saveAttachment(id, path)),
  looksLikeIdentityDocument: (name: string) => commands.looksLikeIdentityDocument(name),
  setSettings: (s: Settings) => unwrap(commands.setSettings(s)),
  readPolicyText: (text: string) => unwrap(commands.readPolicyText(text)),
  readPolicyFile: (name: string, data: string) => unwrap(commands.readPolicyFile(name, data)),
  fetchPolicy: (url: string) => unwrap(commands.fetchPolicy(url)),
  serviceChanges: (id: number, input: ServiceInput) => unwrap(commands.serviceChanges(id, input)),
  directorySearch: (text: string) => unwrap(commands.directorySearch(text)),
  directoryCompany: (slug: string) => unwrap(commands.directoryCompany(slug)),
  serviceFromDirectory: (slug: string) => unwrap(commands.serviceFromDirectory(slug)),
  directoryInfo: () => unwrap(commands.directoryInfo()),
  importDirectoryFile: (data: string) => unwrap(commands.importDirectoryFile(data)),
  updateDirectory: (url: string | null) => unwrap(commands.updateDirectory(url)),
  nextStep: (id: number) => unwrap(commands.nextStep(id)),
  exportCalendar: (path: string) => unwrap(commands.exportCalendar(path)),
  serviceStats: (id: number) => unwrap(commands.serviceStats(id)),
  exportStats: (path: string, byLaw: boolean) => unwrap(commands.exportStats(path, byLaw)),
  missingItems: (law: Law) => commands.missingItems(law),
  regulators: () => unwrap(commands.regulators()),
  complaintDraft: (id: number, regulator: string | null) => unwrap(commands.complaintDraft(id, regulator)),
  sendComplaint: (id: number, regulator: string | null, account: number | null) =>
    unwrap(commands.sendComplaint(id, regulator, account)),
  createFollowup: (id: number, kind: FollowupType, missing: string[], text: string | null) =>
    unwrap(commands.createFollowup(id, kind, missing, text)),
};

/** Asks where to save a file; null when the user cancels. */
export async function askSavePath(defaultName: string): Promise<string | null> {
  return await save({ defaultPath: defaultName, filters: [{ name: "E-mail message", extensions: ["eml"] }] });
}

/** Asks where to save the evidence bundle; null when the user cancels. */
export async function askZipPath(defaultName: string): Promise<string | null> {
  return await save({ defaultPath: defaultName, filters: [{ name: "ZIP", extensions: ["zip"] }] });
}

/** Asks where to save the calendar file; null when the user cancels. */
export async function askIcsPath(defaultName: string): Promise<string | null> {
  return await save({ defaultPath: defaultName, filters: [{ name: "iCalendar", extensions: ["ics"] }] });
}

/** Asks for a folder; null when the user cancels. */
export async function askFolder(): Promise<string | null> {
  const picked = await open({ directory: true, multiple: false });
  return typeof picked === "string" ? picked : null;
}

/** Asks where to save a CSV file; null when the user cancels. */
export async function askCsvPath(defaultName: string): Promise<string | null> {
  return await save({ defaultPath: defaultName, filters: [{ name: "CSV", extensions: ["csv"] }] });
}

/** Asks where to save an attachment; null when the user cancels. */
export async function askFilePath(defaultName: string): Promise<string | null> {
  return await save({ defaultPath: defaultName });
}

/** Asks for files to open (attachments, or .eml replies when `eml`); empty when cancelled. */
export async function askOpenPaths(eml: boolean): Promise<string[]> {
  const picked = await open({
    multiple: true,
    directory: false,
    filters: eml ? [{ name: "E-mail message", extensions: ["eml"] }] : [],
  });
  if (picked === null) return [];
  return Array.isArray(picked) ? picked : [picked];
}

/** Shows a reminder notification (asking for permission the first time); a click on it opens
 * request `requestId` through `onOpenRequest`. */
export async function notify(title: string, body: string, requestId: number | null): Promise<boolean> {
  let granted = await isPermissionGranted();
  if (!granted) granted = (await requestPermission()) === "granted";
  if (granted) await commands.showReminder(title, body, requestId);
  return granted;
}

/** Calls `open` with the request id when the user clicks a reminder. */
export async function onOpenRequest(open: (id: number) => void): Promise<() => void> {
  return await listen<number>("open-request", (e) => open(e.payload));
}
