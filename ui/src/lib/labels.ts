// Names of the core's closed vocabularies, in English and Japanese, keyed by their codes.
import type { Lang } from "./i18n.svelte";

type Labels = Record<string, { en: string; ja: string }>;

export const kinds: Labels = {
  access: { en: "Access / disclosure", ja: "開示" },
  correction: { en: "Correction", ja: "訂正等" },
  deletion: { en: "Deletion", ja: "消去" },
  "stop-use": { en: "Stop use", ja: "利用停止" },
  restriction: { en: "Restriction", ja: "処理の制限" },
  portability: { en: "Portability", ja: "データポータビリティ" },
  "opt-out": { en: "Opt-out of sale/sharing", ja: "販売・共有のオプトアウト" },
  "third-party-records": { en: "Third-party provision records", ja: "第三者提供記録の開示" },
  custom: { en: "Custom", ja: "その他" },
};

export const laws: Labels = {
  appi: { en: "APPI (Japan)", ja: "個人情報保護法（日本）" },
  gdpr: { en: "GDPR (EU)", ja: "GDPR（EU）" },
  "uk-gdpr": { en: "UK GDPR", ja: "英国GDPR" },
  ccpa: { en: "CCPA (California)", ja: "CCPA（カリフォルニア）" },
  lgpd: { en: "LGPD (Brazil)", ja: "LGPD（ブラジル）" },
  pipeda: { en: "PIPEDA (Canada)", ja: "PIPEDA（カナダ）" },
  fadp: { en: "FADP (Switzerland)", ja: "FADP（スイス）" },
  pipa: { en: "PIPA (Korea)", ja: "PIPA（韓国）" },
  pdpa: { en: "PDPA (Singapore)", ja: "PDPA（シンガポール）" },
  generic: { en: "Other law", ja: "その他の法律" },
};

export const languages: Labels = {
  ja: { en: "Japanese", ja: "日本語" },
  en: { en: "English", ja: "英語" },
  de: { en: "German", ja: "ドイツ語" },
};

export const channels: Labels = {
  email: { en: "E-mail", ja: "メール" },
  post: { en: "Post", ja: "郵送" },
  webform: { en: "Web form", ja: "ウェブフォーム" },
};

export const statuses: Labels = {
  draft: { en: "Draft", ja: "下書き" },
  sent: { en: "Sent", ja: "送付済み" },
  acknowledged: { en: "Acknowledged", ja: "受領確認あり" },
  "identity-requested": { en: "Identity proof asked", ja: "本人確認の要求あり" },
  extended: { en: "Extended", ja: "延長通知あり" },
  partial: { en: "Partial answer", ja: "一部回答" },
  refused: { en: "Refused", ja: "拒否" },
  answered: { en: "Answered", ja: "回答済み" },
  escalated: { en: "Escalated", ja: "申立て済み" },
  closed: { en: "Closed", ja: "完了" },
};

export const events: Labels = {
  created: { en: "Created", ja: "作成" },
  edited: { en: "Edited", ja: "編集" },
  sent: { en: "Sent", ja: "送付" },
  delivered: { en: "Delivered", ja: "到達" },
  acknowledged: { en: "Acknowledged", ja: "受領確認" },
  "identity-requested": { en: "Identity proof asked for", ja: "本人確認の要求" },
  "identity-sent": { en: "Identity proof sent", ja: "本人確認書類を送付" },
  "extension-notified": { en: "Extension notified", ja: "延長の通知" },
  "reply-received": { en: "Reply received", ja: "回答を受領" },
  "followup-sent": { en: "Follow-up sent", ja: "催促を送付" },
  "complaint-filed": { en: "Complaint filed", ja: "申立て" },
  "regulator-replied": { en: "Regulator answered", ja: "監督機関の回答" },
  closed: { en: "Closed", ja: "完了" },
  note: { en: "Note", ja: "メモ" },
};

export const outcomes: Labels = {
  complete: { en: "Complete", ja: "完全な回答" },
  partial: { en: "Partial", ja: "一部の回答" },
  refused: { en: "Refused", ja: "拒否" },
  "no-data": { en: "No data held", ja: "保有データなし" },
};

export const grounds: Labels = {
  "beyond-purpose": { en: "Used beyond its purpose (Art. 18)", ja: "目的外利用（第18条）" },
  "improper-use": { en: "Improper use (Art. 19)", ja: "不適正な利用（第19条）" },
  "wrongful-acquisition": { en: "Obtained wrongfully (Art. 20)", ja: "不正な取得（第20条）" },
  "unlawful-provision": { en: "Given to third parties without consent (Art. 27/28)", ja: "同意のない第三者提供（第27条・第28条）" },
  "no-longer-needed": { en: "No longer needed", ja: "利用する必要がなくなった" },
  leak: { en: "Involved in a leak (Art. 26)", ja: "漏えい等の事態（第26条）" },
  "rights-harmed": { en: "Harms my rights or interests", ja: "権利・正当な利益が害されるおそれ" },
};

export const dataCategories: Labels = {
  name: { en: "Name", ja: "氏名" },
  email: { en: "E-mail", ja: "メールアドレス" },
  postal_address: { en: "Postal address", ja: "住所" },
  phone: { en: "Phone", ja: "電話番号" },
  date_of_birth: { en: "Date of birth", ja: "生年月日" },
  gender: { en: "Gender", ja: "性別" },
  payment_card: { en: "Payment card", ja: "クレジットカード" },
  bank_account: { en: "Bank account", ja: "銀行口座" },
  government_id: { en: "Government ID", ja: "公的身分証明書" },
  ip_address: { en: "IP address", ja: "IPアドレス" },
  cookies: { en: "Cookies", ja: "Cookie" },
  device_id: { en: "Device ID", ja: "端末識別子" },
  location: { en: "Location", ja: "位置情報" },
  usage_history: { en: "Usage history", ja: "利用履歴" },
  communications: { en: "Communications", ja: "通信内容" },
  photos_media: { en: "Photos and media", ja: "写真・動画" },
  contacts: { en: "Contacts", ja: "連絡先" },
  biometric: { en: "Biometric", ja: "生体情報" },
  health: { en: "Health", ja: "健康情報" },
  social_profile: { en: "Social profiles", ja: "SNSアカウント" },
};

export function label(table: Labels, code: string, lang: Lang): string {
  return table[code]?.[lang] ?? code;
}
