<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountCard</name>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="66"/>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="67"/>
        <source>Email:</source>
        <translation>邮箱：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="73"/>
        <source>Social:</source>
        <translation>社交账号：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="90"/>
        <source>Shown in full; the reveal was recorded</source>
        <translation>已完整显示；本次查看已记录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="121"/>
        <source>Reveal</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="122"/>
        <source>Show in full; this is recorded in the audit log</source>
        <translation>完整显示；此操作会记入审计日志</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="134"/>
        <source>Wallet {wallet}</source>
        <translation>钱包 {wallet}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="137"/>
        <source>Account number:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="145"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="147"/>
        <source>Balance:</source>
        <translation>余额：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="148"/>
        <source>KYC level:</source>
        <translation>KYC 等级：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="149"/>
        <source>On</source>
        <translation>已开启</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="149"/>
        <source>Off</source>
        <translation>未开启</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="150"/>
        <source>Two-step verification:</source>
        <translation>两步验证：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="151"/>
        <source>Password age:</source>
        <translation>密码已使用：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="152"/>
        <source>Never</source>
        <translation>从未登录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="153"/>
        <source>Last login:</source>
        <translation>上次登录：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="164"/>
        <source>Risks:</source>
        <translation>风险提示：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/account_card.py" line="172"/>
        <source>{days} days</source>
        <translation>{days} 天</translation>
    </message>
</context>
<context>
    <name>AgentStatsModel</name>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="150"/>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="151"/>
        <source>Assigned in period</source>
        <translation>期间分配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="152"/>
        <source>Holding now</source>
        <translation>当前持有</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="153"/>
        <source>Resolved in period</source>
        <translation>期间解决</translation>
    </message>
</context>
<context>
    <name>AssignmentLine</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="249"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="253"/>
        <source>{by} returned this to the queue</source>
        <translation>{by} 将此会话退回了队列</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="257"/>
        <source>{by} took this</source>
        <translation>{by} 接手了此会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="264"/>
        <source>{by} assigned this to {to}</source>
        <translation>{by} 将此会话分配给了 {to}</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="33"/>
        <source>Conversation {id}</source>
        <translation>会话 {id}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="34"/>
        <source>Customer {id}</source>
        <translation>客户 {id}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="35"/>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="75"/>
        <source>Agent {id}</source>
        <translation>客服 {id}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="36"/>
        <source>Team {id}</source>
        <translation>团队 {id}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="73"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="143"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="144"/>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="145"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="146"/>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="147"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_model.py" line="148"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
</context>
<context>
    <name>AuditWindow</name>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="83"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="114"/>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="186"/>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="116"/>
        <source>Action, or a prefix ending in “.”</source>
        <translation>操作，或以“.”结尾的前缀</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="121"/>
        <source>Conversation number</source>
        <translation>会话编号</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="124"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="125"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="133"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="135"/>
        <source>Agent:</source>
        <translation>客服：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="137"/>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="139"/>
        <source>Conversation:</source>
        <translation>会话：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="232"/>
        <source>The first day must not be after the last.</source>
        <translation>开始日期不能晚于结束日期。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="238"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/audit_view.py" line="261"/>
        <source>No entries match these filters.</source>
        <translation>没有符合筛选条件的记录。</translation>
    </message>
</context>
<context>
    <name>CallCard</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="288"/>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="288"/>
        <source>Outgoing call</source>
        <translation>外呼</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="295"/>
        <source>Duration {duration} · {outcome} · Agent: {agent}</source>
        <translation>时长 {duration} · {outcome} · 客服：{agent}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="298"/>
        <source>nobody</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="309"/>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="310"/>
        <source>Missed</source>
        <translation>未接听</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="311"/>
        <source>Voicemail</source>
        <translation>语音留言</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="312"/>
        <source>Abandoned</source>
        <translation>客户已挂断</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="313"/>
        <source>Callback requested</source>
        <translation>请求回电</translation>
    </message>
</context>
<context>
    <name>CallLogDialog</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="26"/>
        <source>Log a call</source>
        <translation>记录通话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="28"/>
        <source>We called the customer</source>
        <translation>我们致电客户</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="29"/>
        <source>The customer called us</source>
        <translation>客户来电</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="32"/>
        <source>Answered</source>
        <translation>已接通</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="33"/>
        <source>No answer</source>
        <translation>未接通</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="34"/>
        <source>Voicemail</source>
        <translation>语音留言</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="35"/>
        <source>Call back requested</source>
        <translation>客户要求回电</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="42"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="44"/>
        <source>The customer&apos;s number on file</source>
        <translation>默认使用客户登记的号码</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="46"/>
        <source>What was said and agreed</source>
        <translation>通话内容与约定事项</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="53"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="54"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="55"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="56"/>
        <source>Talk time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="57"/>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/call_dialog.py" line="58"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="79"/>
        <source>Chat</source>
        <translation>在线聊天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="80"/>
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="81"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="82"/>
        <source>Social</source>
        <translation>社交媒体</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="83"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="90"/>
        <source>Facebook</source>
        <translation>Facebook</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="91"/>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="92"/>
        <source>Weibo</source>
        <translation>微博</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="93"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
</context>
<context>
    <name>ChannelStatsModel</name>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="171"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="171"/>
        <source>Created in period</source>
        <translation>期间新建</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="59"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="61"/>
        <source>Private note</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="69"/>
        <source>Private note: only agents see it</source>
        <translation>内部备注：仅客服可见</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="92"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="150"/>
        <source>Choose a conversation to reply to</source>
        <translation>请选择要回复的会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="257"/>
        <source>Fill in {names} before sending</source>
        <translation>发送前请填写 {names}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="262"/>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="262"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="265"/>
        <source>Private note for your team… (Ctrl+Enter adds it)</source>
        <translation>写给团队的内部备注…（Ctrl+Enter 添加）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/composer.py" line="267"/>
        <source>Write a reply… (/ or Ctrl+K for templates, Ctrl+Enter sends)</source>
        <translation>输入回复…（/ 或 Ctrl+K 打开快捷回复，Ctrl+Enter 发送）</translation>
    </message>
</context>
<context>
    <name>ConversationHeader</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="53"/>
        <source>Log call…</source>
        <translation>记录通话…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="54"/>
        <source>Log a phone call with this customer by hand</source>
        <translation>手动记录与该客户的一次通话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="68"/>
        <source>Assigned to {name}</source>
        <translation>已分配给 {name}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="70"/>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="82"/>
        <source>{name} (typing)</source>
        <translation>{name}（正在输入）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="85"/>
        <source>Also here: {names}</source>
        <translation>同时在看：{names}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="96"/>
        <source>No conversation open</source>
        <translation>未打开会话</translation>
    </message>
</context>
<context>
    <name>ConversationStatus</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="100"/>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="101"/>
        <source>Pending</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="102"/>
        <source>Snoozed</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="103"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/timeline.py" line="163"/>
        <source>{name} is typing…</source>
        <translation>{name} 正在输入…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/timeline.py" line="282"/>
        <source>{count} earlier entries are not shown</source>
        <translation>更早的 {count} 条记录未显示</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <location filename="../../agentdesk/ui/customer/panel.py" line="126"/>
        <source>Account ⚠ {count}</source>
        <translation>账户 ⚠ {count}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/panel.py" line="126"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/panel.py" line="130"/>
        <source>Transactions ({count})</source>
        <translation>交易 ({count})</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/panel.py" line="133"/>
        <source>History ({count})</source>
        <translation>历史会话 ({count})</translation>
    </message>
</context>
<context>
    <name>CustomerWording</name>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="16"/>
        <source>Transfer out</source>
        <translation>转出</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="17"/>
        <source>Transfer in</source>
        <translation>转入</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="18"/>
        <source>Payment</source>
        <translation>付款</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="19"/>
        <source>Top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="20"/>
        <source>Withdrawal</source>
        <translation>提现</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="21"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="28"/>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="29"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="30"/>
        <source>Pending</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="38"/>
        <source>Insufficient balance</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="41"/>
        <source>Wrong payment password</source>
        <translation>支付密码错误</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="44"/>
        <source>Network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="45"/>
        <source>Security limit reached</source>
        <translation>触发安全限制</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="46"/>
        <source>Other reason</source>
        <translation>其他原因</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="49"/>
        <source>Reason unknown</source>
        <translation>原因未知</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="56"/>
        <source>No two-step verification</source>
        <translation>未开启两步验证</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="57"/>
        <source>Password older than 180 days</source>
        <translation>密码已超过 180 天未修改</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="60"/>
        <source>Account frozen</source>
        <translation>账户已冻结</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="72"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/wording.py" line="73"/>
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
</context>
<context>
    <name>DailyStatsModel</name>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="183"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="183"/>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="183"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="183"/>
        <source>SLA breaches</source>
        <translation>SLA 超时</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="53"/>
        <source>{days} d {hours} h</source>
        <translation>{days} 天 {hours} 小时</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="55"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="59"/>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="62"/>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="69"/>
        <source>Only team leads and admins may see this.</source>
        <translation>只有组长和管理员可以查看。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard_models.py" line="71"/>
        <source>Could not load: {reason}</source>
        <translation>无法加载：{reason}</translation>
    </message>
</context>
<context>
    <name>DashboardWindow</name>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="91"/>
        <source>Team dashboard</source>
        <translation>团队看板</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="117"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="118"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="119"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="120"/>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="130"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="131"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="133"/>
        <source>Period:</source>
        <translation>时段：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="135"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="137"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="149"/>
        <source>Waiting in queue</source>
        <translation>队列等待</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="150"/>
        <source>Open conversations</source>
        <translation>未结会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="151"/>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="196"/>
        <source>SLA breaches</source>
        <translation>SLA 超时</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="152"/>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="194"/>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="153"/>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="195"/>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="217"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="154"/>
        <source>First response, median</source>
        <translation>首次响应（中位数）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="155"/>
        <source>First response, 90th percentile</source>
        <translation>首次响应（90 分位）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="156"/>
        <source>Resolution time, median</source>
        <translation>解决时长（中位数）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="157"/>
        <source>Resolution time, 90th percentile</source>
        <translation>解决时长（90 分位）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="191"/>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="248"/>
        <source>Per day</source>
        <translation>按天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="210"/>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="246"/>
        <source>Per agent</source>
        <translation>按客服</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="215"/>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="216"/>
        <source>Holding now</source>
        <translation>当前持有</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="223"/>
        <source>Created per channel</source>
        <translation>各渠道新建</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="247"/>
        <source>Per channel</source>
        <translation>按渠道</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="289"/>
        <source>Choose a first day on or before the last, at most 366 days apart.</source>
        <translation>请选择不晚于结束日期的开始日期，间隔不超过 366 天。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="295"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="394"/>
        <source>Export the dashboard</source>
        <translation>导出看板</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="396"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="403"/>
        <source>Could not write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="408"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="422"/>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="424"/>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="424"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/dashboard.py" line="428"/>
        <source>{figure} (seconds)</source>
        <translation>{figure}（秒）</translation>
    </message>
</context>
<context>
    <name>DeskController</name>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="210"/>
        <source>None of this customer&apos;s conversations is open to you.</source>
        <translation>这位客户没有您可查看的会话。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="245"/>
        <source>That message is older than the part of the conversation shown.</source>
        <translation>这条消息早于会话中已显示的部分。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="334"/>
        <source>The customer wrote {count} new message(s) since you opened this conversation (highlighted above). Read them, then press Send again.</source>
        <translation>自您打开此会话后，客户又发来 {count} 条新消息（已在上方高亮）。请先阅读，再按发送。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="481"/>
        <source>Reply overdue: {name}</source>
        <translation>回复已超时：{name}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="484"/>
        <source>Reply overdue</source>
        <translation>回复已超时</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="489"/>
        <source>New conversation for you: {what}</source>
        <translation>有新会话分配给您：{what}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="492"/>
        <source>New conversation for you</source>
        <translation>有新会话分配给您</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="496"/>
        <source>the queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="498"/>
        <source>{customer} was moved to {holder}</source>
        <translation>{customer} 已转给 {holder}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/desk.py" line="505"/>
        <source>Conversation moved</source>
        <translation>会话已转移</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="111"/>
        <source>Cannot reach the server: %1</source>
        <translation>无法连接服务器：%1</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="157"/>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="158"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="161"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="173"/>
        <source>&amp;Lead</source>
        <translation>组长(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="174"/>
        <source>Team…</source>
        <translation>团队…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="176"/>
        <source>Dashboard…</source>
        <translation>看板…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="178"/>
        <source>Audit log…</source>
        <translation>审计日志…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="207"/>
        <source>The new language is used from the next start of agentdesk.</source>
        <translation>新的语言将在下次启动 agentdesk 时生效。</translation>
    </message>
</context>
<context>
    <name>EmailCard</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="83"/>
        <source>From:</source>
        <translation>发件人：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="83"/>
        <source>To:</source>
        <translation>收件人：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="83"/>
        <source>Subject:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="95"/>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="123"/>
        <source>Show quoted text</source>
        <translation>显示引用内容</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/email_card.py" line="123"/>
        <source>Hide quoted text</source>
        <translation>隐藏引用内容</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="120"/>
        <source>Find in this conversation</source>
        <translation>在此会话中查找</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="127"/>
        <source>Previous match</source>
        <translation>上一个</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="131"/>
        <source>Next match</source>
        <translation>下一个</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="135"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="154"/>
        <source>No matches</source>
        <translation>无匹配结果</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/header.py" line="157"/>
        <source>{position} of {total}</source>
        <translation>{position}/{total}</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../agentdesk/ui/customer/history_tab.py" line="24"/>
        <source>Search this customer&apos;s history</source>
        <translation>搜索该客户的历史记录</translation>
    </message>
</context>
<context>
    <name>IdentityBanner</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/identity_banner.py" line="16"/>
        <source>the same name</source>
        <translation>姓名相同</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/identity_banner.py" line="17"/>
        <source>the same email address</source>
        <translation>邮箱地址相同</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/identity_banner.py" line="18"/>
        <source>the same phone number</source>
        <translation>电话号码相同</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/identity_banner.py" line="19"/>
        <source>the same wallet id</source>
        <translation>钱包 ID 相同</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/identity_banner.py" line="40"/>
        <source>Same person</source>
        <translation>是同一人</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/identity_banner.py" line="41"/>
        <source>Merge into the known customer, with all conversations</source>
        <translation>合并到已有客户，包括全部会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/identity_banner.py" line="42"/>
        <source>Not the same</source>
        <translation>不是同一人</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/identity_banner.py" line="75"/>
        <source>{customer} may be {candidate} (customer #{id}): {reason}.</source>
        <translation>{customer} 可能就是 {candidate}（客户 #{id}）：{reason}。</translation>
    </message>
</context>
<context>
    <name>InboxClock</name>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="29"/>
        <source>&lt;1m</source>
        <translation>&lt;1分</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="31"/>
        <source>{minutes}m</source>
        <translation>{minutes}分</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="34"/>
        <source>{hours}h{minutes}m</source>
        <translation>{hours}时{minutes}分</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="38"/>
        <source>{hours}h</source>
        <translation>{hours}小时</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="39"/>
        <source>{days}d</source>
        <translation>{days}天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="46"/>
        <source>now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="62"/>
        <source>due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_clock.py" line="63"/>
        <source>-{overdue}</source>
        <translation>超时{overdue}</translation>
    </message>
</context>
<context>
    <name>InboxDelegate</name>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="48"/>
        <source>C</source>
        <comment>chat channel badge</comment>
        <translation>聊</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="49"/>
        <source>E</source>
        <comment>email channel badge</comment>
        <translation>邮</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="50"/>
        <source>P</source>
        <comment>phone channel badge</comment>
        <translation>电</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="51"/>
        <source>S</source>
        <comment>social channel badge</comment>
        <translation>社</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_delegate.py" line="52"/>
        <source>F</source>
        <comment>feedback channel badge</comment>
        <translation>馈</translation>
    </message>
</context>
<context>
    <name>InboxList</name>
    <message>
        <location filename="../../agentdesk/ui/inbox/inbox_view.py" line="53"/>
        <source>Conversations</source>
        <translation>会话列表</translation>
    </message>
</context>
<context>
    <name>LeadController</name>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_controller.py" line="61"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_controller.py" line="207"/>
        <source>Team {name}</source>
        <translation>团队 {name}</translation>
    </message>
</context>
<context>
    <name>LeadModels</name>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_models.py" line="54"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_models.py" line="55"/>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_models.py" line="56"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>LeadView</name>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="108"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="108"/>
        <source>Round robin</source>
        <translation>轮流分配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="108"/>
        <source>Balanced</source>
        <translation>均衡分配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="112"/>
        <source>Assignment of new conversations</source>
        <translation>新会话的分配方式</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="114"/>
        <source>Assign new conversations:</source>
        <translation>新会话分配：</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="117"/>
        <source>Return chats to the queue when an agent goes offline</source>
        <translation>客服离线时将其在线聊天退回队列</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="130"/>
        <source>Agents</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="144"/>
        <source>Unassigned queue</source>
        <translation>未分配队列</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="145"/>
        <source>Open in the team</source>
        <translation>团队未结会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="146"/>
        <source>Conversations shown</source>
        <translation>显示的会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="157"/>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="376"/>
        <source>Unassigned conversations</source>
        <translation>未分配的会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="198"/>
        <source>Team {name}</source>
        <translation>团队 {name}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="207"/>
        <source>{count} waiting, the oldest for {age}</source>
        <translation>{count} 个等待中，最久已等 {age}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="212"/>
        <source>Nobody is waiting</source>
        <translation>无人等待</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="220"/>
        <source>{count} open</source>
        <translation>{count} 个未结</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="231"/>
        <source>{conversation} was changed by someone else meanwhile; it is still in the queue.</source>
        <translation>{conversation} 已被他人修改，仍在队列中。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="238"/>
        <source>{conversation} was moved by someone else meanwhile; now with {agent}.</source>
        <translation>{conversation} 已被他人转移，现由 {agent} 处理。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="243"/>
        <source>agent #{id}</source>
        <translation>客服 #{id}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="248"/>
        <source>{conversation} was not moved: {reason}</source>
        <translation>{conversation} 未能转移：{reason}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="256"/>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="259"/>
        <source>{count} conversation(s) moved.</source>
        <translation>已转移 {count} 个会话。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="286"/>
        <source>Assign to</source>
        <translation>分配给</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="291"/>
        <source>{name} ({open}/{capacity}, {presence})</source>
        <translation>{name}（{open}/{capacity}，{presence}）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="303"/>
        <source>Back to the queue</source>
        <translation>退回队列</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="322"/>
        <source>the queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="326"/>
        <source>{count} conversations</source>
        <translation>{count} 个会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="331"/>
        <source>Move {what} to {target}?</source>
        <translation>将 {what} 转给 {target}？</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="378"/>
        <source>Open conversations of the team</source>
        <translation>团队的未结会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="386"/>
        <source>Conversation #{id}</source>
        <translation>会话 #{id}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="35"/>
        <source>agentdesk — %1</source>
        <translation>agentdesk — %1</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="49"/>
        <source>Search conversations, calls, customers and transactions (Ctrl+F)</source>
        <translation>搜索会话、通话、客户和交易 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="53"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="112"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="113"/>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="114"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="115"/>
        <source>Signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="122"/>
        <source>Your session has ended. Sign in again.</source>
        <translation>登录已失效，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/main_window.py" line="125"/>
        <source>Offline: replies are kept and sent when the connection is back.</source>
        <translation>当前离线：回复会先保存，连接恢复后自动发送。</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="128"/>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="166"/>
        <source>In-app feedback</source>
        <translation>应用内反馈</translation>
    </message>
</context>
<context>
    <name>NoteCard</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="196"/>
        <source>Private note</source>
        <translation>内部备注</translation>
    </message>
</context>
<context>
    <name>OutboxStrip</name>
    <message>
        <location filename="../../agentdesk/ui/shell/outbox_strip.py" line="26"/>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/outbox_strip.py" line="27"/>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/outbox_strip.py" line="28"/>
        <source>Failed: %1</source>
        <translation>发送失败：%1</translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="110"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="111"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="112"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/formatting.py" line="113"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="59"/>
        <source>Reassign</source>
        <translation>重新分配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="64"/>
        <source>Reason (optional)</source>
        <translation>原因（可选）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_view.py" line="65"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>SafeTextBrowser</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/safe_browser.py" line="141"/>
        <source>[image blocked]</source>
        <translation>[图片已拦截]</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/safe_browser.py" line="169"/>
        <source>This link cannot be opened: {scheme}</source>
        <translation>无法打开此链接：{scheme}</translation>
    </message>
</context>
<context>
    <name>SearchHit</name>
    <message>
        <location filename="../../agentdesk/ui/search/hits_model.py" line="39"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/hits_model.py" line="40"/>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/hits_model.py" line="41"/>
        <source>Conversation</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/hits_model.py" line="42"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/hits_model.py" line="43"/>
        <source>Transaction</source>
        <translation>交易</translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message>
        <location filename="../../agentdesk/ui/search/results_view.py" line="46"/>
        <source>← Inbox</source>
        <translation>← 收件箱</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/results_view.py" line="47"/>
        <source>Close the search and show the inbox again (Esc)</source>
        <translation>关闭搜索，返回收件箱 (Esc)</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/results_view.py" line="63"/>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/results_view.py" line="82"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/results_view.py" line="89"/>
        <source>Nothing found for “{query}”. Try other words or fewer filters.</source>
        <translation>没有找到“{query}”。请换个说法或减少筛选条件。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/results_view.py" line="122"/>
        <source>More than {count} matched – showing the {count} newest, ranked; narrow the search.</source>
        <translation>匹配超过 {count} 条 – 按相关度显示最新的 {count} 条；请缩小搜索范围。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/results_view.py" line="125"/>
        <source>1 result</source>
        <translation>1 条结果</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/results_view.py" line="126"/>
        <source>{count} results</source>
        <translation>{count} 条结果</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/search_runner.py" line="31"/>
        <source>The search failed: {reason}</source>
        <translation>搜索失败：{reason}</translation>
    </message>
</context>
<context>
    <name>SearchSyntax</name>
    <message>
        <location filename="../../agentdesk/ui/search/search_box.py" line="16"/>
        <source>Words in Chinese or English, all of them must match</source>
        <translation>中文或英文词语，须全部匹配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/search_box.py" line="17"/>
        <source>&quot;a quoted phrase&quot; matches those words in a row</source>
        <translation>&quot;带引号的短语&quot; 按原顺序匹配这些词</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/search_box.py" line="18"/>
        <source>channel:email (chat, email, phone, social, feedback)</source>
        <translation>channel:email（chat、email、phone、social、feedback）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/search_box.py" line="19"/>
        <source>agent:NAME, status:open (open, pending, snoozed, resolved)</source>
        <translation>agent:坐席名, status:open（open、pending、snoozed、resolved）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/search_box.py" line="20"/>
        <source>after:2026-11-01, before:2026-11-01</source>
        <translation>after:2026-11-01（含当天起）, before:2026-11-01（不含当天）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/search_box.py" line="21"/>
        <source>txn:TX000000012345, amount:12.50</source>
        <translation>txn:TX000000012345（交易号）, amount:12.50（金额）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/search_box.py" line="22"/>
        <source>4 or more digits of a phone number, in any format</source>
        <translation>电话号码中连续 4 位以上数字，格式不限</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/search/search_box.py" line="28"/>
        <source>Search syntax</source>
        <translation>搜索语法</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="19"/>
        <source>Next conversation</source>
        <translation>下一个会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="20"/>
        <source>Previous conversation</source>
        <translation>上一个会话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="21"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="22"/>
        <source>Private note</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="23"/>
        <source>Resolve the conversation</source>
        <translation>标记会话为已解决</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="27"/>
        <source>Search conversations, calls, customers and transactions</source>
        <translation>搜索会话、通话、客户和交易</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="29"/>
        <source>Find in this conversation</source>
        <translation>在此会话中查找</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="33"/>
        <source>Canned responses (or / in an empty reply)</source>
        <translation>快捷回复（或在空白回复中输入 /）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="35"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="36"/>
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/shell/shortcuts.py" line="78"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="34"/>
        <source>Sign in to agentdesk</source>
        <translation>登录 agentdesk</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="39"/>
        <source>Remember me on this computer</source>
        <translation>在此电脑上记住我</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="47"/>
        <source>No secure keyring is available on this computer, so agentdesk will ask for your password next time instead of storing your session.</source>
        <translation>此电脑上没有可用的安全凭据存储（密钥环），agentdesk 不会保存您的登录状态，下次启动时将再次要求输入密码。</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="56"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="57"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="58"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="63"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/signin/dialog.py" line="76"/>
        <source>Enter your username and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="227"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="228"/>
        <source>{by} set the status to {status}</source>
        <translation>{by} 将状态改为{status}</translation>
    </message>
</context>
<context>
    <name>SuggestionBar</name>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="31"/>
        <source>Insert</source>
        <translation>插入</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="32"/>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="68"/>
        <source>Insert the suggested reply into the composer</source>
        <translation>将推荐回复插入输入框</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="36"/>
        <source>Dismiss the suggestion</source>
        <translation>忽略此推荐</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="60"/>
        <source>Suggested: {title}</source>
        <translation>推荐回复：{title}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/suggestion_bar.py" line="64"/>
        <source>Insert the suggested reply; fill in {names} before sending</source>
        <translation>插入推荐回复；发送前请填写 {names}</translation>
    </message>
</context>
<context>
    <name>TeamAgentsModel</name>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_models.py" line="158"/>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_models.py" line="159"/>
        <source>Open / capacity</source>
        <translation>未结 / 上限</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_models.py" line="160"/>
        <source>Oldest waiting</source>
        <translation>最久等待</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/lead/lead_models.py" line="161"/>
        <source>SLA at risk</source>
        <translation>SLA 临近</translation>
    </message>
</context>
<context>
    <name>TemplatePicker</name>
    <message>
        <location filename="../../agentdesk/ui/composer/template_picker.py" line="35"/>
        <source>Insert a template</source>
        <translation>插入快捷回复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/template_picker.py" line="41"/>
        <source>Search by title, /shortcut or text</source>
        <translation>按标题、/快捷指令或内容搜索</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/composer/template_picker.py" line="55"/>
        <source>Enter inserts · Esc closes</source>
        <translation>Enter 插入 · Esc 关闭</translation>
    </message>
</context>
<context>
    <name>TimelineCard</name>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="47"/>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="49"/>
        <source>Not delivered</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="51"/>
        <source>Delivery unknown, check before sending again</source>
        <translation>发送结果未知，重发前请先核实</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="55"/>
        <source>Sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="57"/>
        <source>Retrying (attempt {n})</source>
        <translation>正在重试（第 {n} 次）</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/conversation/cards.py" line="59"/>
        <source>Queued</source>
        <translation>排队待发</translation>
    </message>
</context>
<context>
    <name>TransactionsModel</name>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="51"/>
        <source>Reference {reference}</source>
        <translation>交易单号 {reference}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="56"/>
        <source>Failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="59"/>
        <source>This transaction failed: {reason}. Reference {reference}</source>
        <translation>此笔交易失败：{reason}。交易单号 {reference}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="132"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="132"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="132"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="132"/>
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_model.py" line="133"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>TransactionsTab</name>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="59"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="60"/>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="61"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="62"/>
        <source>Pending</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="67"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="68"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="98"/>
        <source>Suggested answer</source>
        <translation>推荐答复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="105"/>
        <source>Insert into reply</source>
        <translation>插入回复</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="141"/>
        <source>For transaction {reference}</source>
        <translation>针对交易 {reference}</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/customer/transactions_tab.py" line="146"/>
        <source>Not filled in: {names}</source>
        <translation>未填写：{names}</translation>
    </message>
</context>
<context>
    <name>ViewsModel</name>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="42"/>
        <source>Chat</source>
        <translation>在线聊天</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="43"/>
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="44"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="45"/>
        <source>Social</source>
        <translation>社交媒体</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="46"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="49"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="52"/>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="55"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="56"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="60"/>
        <source>SLA at risk</source>
        <translation>SLA 即将超时</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="65"/>
        <source>Snoozed</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/inbox/views_model.py" line="115"/>
        <source>{view} ({count})</source>
        <translation>{view} ({count})</translation>
    </message>
</context>
</TS>
