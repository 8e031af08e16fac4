-- Default dispositions (SPEC.md). Teams may edit them; codes are stable keys used in data and exports.
INSERT OR IGNORE INTO `dispositions` (`code`,`label_en`,`label_zh_tw`,`label_zh_cn`,`hotkey`,`connected`,`final`,`retry_after_min`,`conversation`,`requires_followup`,`adds_dnc`,`sort`,`created_at`,`updated_at`) VALUES
('interested','Interested','有興趣','有兴趣','1',1,0,NULL,1,1,0,10,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('callback_requested','Callback requested','要求回電','要求回电','2',1,0,NULL,1,1,0,20,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('not_interested','Not interested','沒有興趣','没有兴趣','3',1,1,NULL,1,0,0,30,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('already_customer','Already a customer','已是客戶','已是客户','4',1,1,NULL,1,0,0,40,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('wrong_person','Wrong person','非本人','非本人','5',1,1,NULL,0,0,0,50,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('dnc_request','Do-not-call request','要求勿再來電','要求勿再来电','6',1,1,NULL,0,0,1,60,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('no_answer','No answer','無人接聽','无人接听','7',0,0,120,0,0,0,70,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('busy','Busy','忙線','忙线','8',0,0,30,0,0,0,80,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('voicemail','Voicemail left','已留言','已留言','9',0,0,1440,0,0,0,90,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('hung_up','Hung up immediately','立即掛斷','立即挂断','0',1,0,1440,0,0,0,100,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000),
('invalid_number','Invalid number','空號／錯誤號碼','空号／错误号码','x',0,1,NULL,0,0,0,110,CAST(strftime('%s','now') AS INTEGER)*1000,CAST(strftime('%s','now') AS INTEGER)*1000);
--> statement-breakpoint
-- The audit log is append-only: the database itself refuses changes and deletions.
CREATE TRIGGER IF NOT EXISTS `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
