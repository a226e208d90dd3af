<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountCard</name>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="66" />
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="67" />
        <source>Email:</source>
        <translation>邮箱：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="73" />
        <source>Social:</source>
        <translation>社交账号：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="90" />
        <source>Shown in full; the reveal was recorded</source>
        <translation>已完整显示；本次查看已记录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="121" />
        <source>Reveal</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="122" />
        <source>Show in full; this is recorded in the audit log</source>
        <translation>完整显示；此操作会记入审计日志</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="134" />
        <source>Wallet {wallet}</source>
        <translation>钱包 {wallet}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="137" />
        <source>Account number:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="145" />
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="147" />
        <source>Balance:</source>
        <translation>余额：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="148" />
        <source>KYC level:</source>
        <translation>KYC 等级：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="149" />
        <source>On</source>
        <translation>已开启</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="149" />
        <source>Off</source>
        <translation>未开启</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="150" />
        <source>Two-step verification:</source>
        <translation>两步验证：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="151" />
        <source>Password age:</source>
        <translation>密码已使用：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="152" />
        <source>Never</source>
        <translation>从未登录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="153" />
        <source>Last login:</source>
        <translation>上次登录：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="164" />
        <source>Risks:</source>
        <translation>风险提示：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="172" />
        <source>{days} days</source>
        <translation>{days} 天</translation>
    </message>
</context>
<context>
    <name>AssignmentLine</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="210" />
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="214" />
        <source>{by} returned this to the queue</source>
        <translation>{by} 将此会话退回了队列</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="218" />
        <source>{by} took this</source>
        <translation>{by} 接手了此会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="225" />
        <source>{by} assigned this to {to}</source>
        <translation>{by} 将此会话分配给了 {to}</translation>
    </message>
</context>
<context>
    <name>CallCard</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="249" />
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="249" />
        <source>Outgoing call</source>
        <translation>外呼</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="256" />
        <source>Duration {duration} · {outcome} · Agent: {agent}</source>
        <translation>时长 {duration} · {outcome} · 客服：{agent}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="259" />
        <source>nobody</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="270" />
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="271" />
        <source>Missed</source>
        <translation>未接听</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="272" />
        <source>Voicemail</source>
        <translation>语音留言</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="273" />
        <source>Abandoned</source>
        <translation>客户已挂断</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="274" />
        <source>Callback requested</source>
        <translation>请求回电</translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="79" />
        <source>Chat</source>
        <translation>在线聊天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="80" />
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="81" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="82" />
        <source>Social</source>
        <translation>社交媒体</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="83" />
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="90" />
        <source>Facebook</source>
        <translation>Facebook</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="91" />
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="92" />
        <source>Weibo</source>
        <translation>微博</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="93" />
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="56" />
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="58" />
        <source>Private note</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="66" />
        <source>Private note: only agents see it</source>
        <translation>内部备注：仅客服可见</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="81" />
        <source>Send (Ctrl+Enter)</source>
        <translation>发送 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="138" />
        <source>Choose a conversation to reply to</source>
        <translation>请选择要回复的会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="225" />
        <source>Fill in {names} before sending</source>
        <translation>发送前请填写 {names}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="230" />
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="230" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="233" />
        <source>Private note for your team… (Ctrl+Enter adds it)</source>
        <translation>写给团队的内部备注…（Ctrl+Enter 添加）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="235" />
        <source>Write a reply… (/ or Ctrl+K for templates, Ctrl+Enter sends)</source>
        <translation>输入回复…（/ 或 Ctrl+K 打开快捷回复，Ctrl+Enter 发送）</translation>
    </message>
</context>
<context>
    <name>ConversationHeader</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="58" />
        <source>Assigned to {name}</source>
        <translation>已分配给 {name}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="60" />
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="70" />
        <source>No conversation open</source>
        <translation>未打开会话</translation>
    </message>
</context>
<context>
    <name>ConversationStatus</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="100" />
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="101" />
        <source>Pending</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="102" />
        <source>Snoozed</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="103" />
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/timeline.py" line="243" />
        <source>{count} earlier entries are not shown</source>
        <translation>更早的 {count} 条记录未显示</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <location filename="../../agentdesk/ui/customer/panel.py" line="103" />
        <source>Account ⚠ {count}</source>
        <translation>账户 ⚠ {count}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/panel.py" line="103" />
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/panel.py" line="107" />
        <source>Transactions ({count})</source>
        <translation>交易 ({count})</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/panel.py" line="110" />
        <source>History ({count})</source>
        <translation>历史会话 ({count})</translation>
    </message>
</context>
<context>
    <name>CustomerWording</name>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="17" />
        <source>Transfer out</source>
        <translation>转出</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="18" />
        <source>Transfer in</source>
        <translation>转入</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="19" />
        <source>Payment</source>
        <translation>付款</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="20" />
        <source>Top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="21" />
        <source>Withdrawal</source>
        <translation>提现</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="22" />
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="29" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="30" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="31" />
        <source>Pending</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="39" />
        <source>Insufficient balance</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="42" />
        <source>Wrong payment password</source>
        <translation>支付密码错误</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="45" />
        <source>Network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="46" />
        <source>Security limit reached</source>
        <translation>触发安全限制</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="47" />
        <source>Other reason</source>
        <translation>其他原因</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="50" />
        <source>Reason unknown</source>
        <translation>原因未知</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="57" />
        <source>No two-step verification</source>
        <translation>未开启两步验证</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="61" />
        <source>Account frozen</source>
        <translation>账户已冻结</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="73" />
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="74" />
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
</context>
<context>
    <name>DeskController</name>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="279" />
        <source>New conversation for you</source>
        <translation>有新会话分配给您</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="107" />
        <source>Cannot reach the server: %1</source>
        <translation>无法连接服务器：%1</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="150" />
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="151" />
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="154" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="167" />
        <source>The new language is used from the next start of agentdesk.</source>
        <translation>新的语言将在下次启动 agentdesk 时生效。</translation>
    </message>
</context>
<context>
    <name>EmailCard</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="83" />
        <source>From:</source>
        <translation>发件人：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="83" />
        <source>To:</source>
        <translation>收件人：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="83" />
        <source>Subject:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="95" />
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="123" />
        <source>Show quoted text</source>
        <translation>显示引用内容</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="123" />
        <source>Hide quoted text</source>
        <translation>隐藏引用内容</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="93" />
        <source>Find in this conversation</source>
        <translation>在此会话中查找</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="100" />
        <source>Previous match</source>
        <translation>上一个</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="104" />
        <source>Next match</source>
        <translation>下一个</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="108" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="127" />
        <source>No matches</source>
        <translation>无匹配结果</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="130" />
        <source>{position} of {total}</source>
        <translation>{position}/{total}</translation>
    </message>
</context>
<context>
    <name>InboxClock</name>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="29" />
        <source>&lt;1m</source>
        <translation>&lt;1分</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="31" />
        <source>{minutes}m</source>
        <translation>{minutes}分</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="34" />
        <source>{hours}h{minutes}m</source>
        <translation>{hours}时{minutes}分</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="38" />
        <source>{hours}h</source>
        <translation>{hours}小时</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="39" />
        <source>{days}d</source>
        <translation>{days}天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="46" />
        <source>now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="62" />
        <source>due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="63" />
        <source>-{overdue}</source>
        <translation>超时{overdue}</translation>
    </message>
</context>
<context>
    <name>InboxDelegate</name>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="46" />
        <source>C</source>
        <comment>chat channel badge</comment>
        <translation>聊</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="47" />
        <source>E</source>
        <comment>email channel badge</comment>
        <translation>邮</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="48" />
        <source>P</source>
        <comment>phone channel badge</comment>
        <translation>电</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="49" />
        <source>S</source>
        <comment>social channel badge</comment>
        <translation>社</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="50" />
        <source>F</source>
        <comment>feedback channel badge</comment>
        <translation>馈</translation>
    </message>
</context>
<context>
    <name>InboxList</name>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_view.py" line="53" />
        <source>Conversations</source>
        <translation>会话列表</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="31" />
        <source>agentdesk — %1</source>
        <translation>agentdesk — %1</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="85" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="86" />
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="87" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="88" />
        <source>Signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="95" />
        <source>Your session has ended. Sign in again.</source>
        <translation>登录已失效，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="98" />
        <source>Offline: replies are kept and sent when the connection is back.</source>
        <translation>当前离线：回复会先保存，连接恢复后自动发送。</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="89" />
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="127" />
        <source>In-app feedback</source>
        <translation>应用内反馈</translation>
    </message>
</context>
<context>
    <name>NoteCard</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="157" />
        <source>Private note</source>
        <translation>内部备注</translation>
    </message>
</context>
<context>
    <name>OutboxStrip</name>
    <message>
        <location filename="../../agentdesk/ui/shell/outbox_strip.py" line="26" />
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/outbox_strip.py" line="27" />
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/outbox_strip.py" line="28" />
        <source>Failed: %1</source>
        <translation>发送失败：%1</translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="110" />
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="111" />
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="112" />
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="113" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
</context>
<context>
    <name>SafeTextBrowser</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/safe_browser.py" line="141" />
        <source>[image blocked]</source>
        <translation>[图片已拦截]</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/safe_browser.py" line="169" />
        <source>This link cannot be opened: {scheme}</source>
        <translation>无法打开此链接：{scheme}</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="19" />
        <source>Next conversation</source>
        <translation>下一个会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="20" />
        <source>Previous conversation</source>
        <translation>上一个会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="21" />
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="22" />
        <source>Private note</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="23" />
        <source>Resolve the conversation</source>
        <translation>标记会话为已解决</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="24" />
        <source>Find in this conversation</source>
        <translation>在此会话中查找</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="28" />
        <source>Canned responses (or / in an empty reply)</source>
        <translation>快捷回复（或在空白回复中输入 /）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="30" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="31" />
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="73" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="34" />
        <source>Sign in to agentdesk</source>
        <translation>登录 agentdesk</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="39" />
        <source>Remember me on this computer</source>
        <translation>在此电脑上记住我</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="47" />
        <source>No secure keyring is available on this computer, so agentdesk will ask for your password next time instead of storing your session.</source>
        <translation>此电脑上没有可用的安全凭据存储（密钥环），agentdesk 不会保存您的登录状态，下次启动时将再次要求输入密码。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="56" />
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="57" />
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="58" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="63" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="76" />
        <source>Enter your username and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="188" />
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="189" />
        <source>{by} set the status to {status}</source>
        <translation>{by} 将状态改为{status}</translation>
    </message>
</context>
<context>
    <name>SuggestionBar</name>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="31" />
        <source>Insert</source>
        <translation>插入</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="32" />
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="68" />
        <source>Insert the suggested reply into the composer</source>
        <translation>将推荐回复插入输入框</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="36" />
        <source>Dismiss the suggestion</source>
        <translation>忽略此推荐</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="60" />
        <source>Suggested: {title}</source>
        <translation>推荐回复：{title}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="64" />
        <source>Insert the suggested reply; fill in {names} before sending</source>
        <translation>插入推荐回复；发送前请填写 {names}</translation>
    </message>
</context>
<context>
    <name>TemplatePicker</name>
    <message>
        <location filename="../../agentdesk/ui/composer/template_picker.py" line="35" />
        <source>Insert a template</source>
        <translation>插入快捷回复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/template_picker.py" line="41" />
        <source>Search by title, /shortcut or text</source>
        <translation>按标题、/快捷指令或内容搜索</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/template_picker.py" line="55" />
        <source>Enter inserts · Esc closes</source>
        <translation>Enter 插入 · Esc 关闭</translation>
    </message>
</context>
<context>
    <name>TransactionsModel</name>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="55" />
        <source>Reference {reference}</source>
        <translation>交易单号 {reference}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="60" />
        <source>Failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="63" />
        <source>This transaction failed: {reason}. Reference {reference}</source>
        <translation>此笔交易失败：{reason}。交易单号 {reference}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="177" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="177" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="177" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="177" />
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="178" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>TransactionsTab</name>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="59" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="60" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="61" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="62" />
        <source>Pending</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="67" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="68" />
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="98" />
        <source>Suggested answer</source>
        <translation>推荐答复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="105" />
        <source>Insert into reply</source>
        <translation>插入回复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="141" />
        <source>For transaction {reference}</source>
        <translation>针对交易 {reference}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="146" />
        <source>Not filled in: {names}</source>
        <translation>未填写：{names}</translation>
    </message>
</context>
<context>
    <name>ViewsModel</name>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="42" />
        <source>Chat</source>
        <translation>在线聊天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="43" />
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="44" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="45" />
        <source>Social</source>
        <translation>社交媒体</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="46" />
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="49" />
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="52" />
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="55" />
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="56" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="60" />
        <source>SLA at risk</source>
        <translation>SLA 即将超时</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="65" />
        <source>Snoozed</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="115" />
        <source>{view} ({count})</source>
        <translation>{view} ({count})</translation>
    </message>
</context>
</TS>