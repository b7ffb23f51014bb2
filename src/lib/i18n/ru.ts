/** Russian UI strings; the source of truth for keys. `{name}` marks a parameter. */
export const ru = {
	'app.title': 'Ситуационный центр МЦУ',
	'index.heading': 'Муниципальный центр управления',
	'index.lead': 'Экраны ситуационного центра',
	'index.wall': 'Видеостена: карта обращений в реальном времени',

	'wall.pageTitle': 'Видеостена — {name}',
	'wall.heading': 'Обращения граждан',
	'wall.map': 'Карта обращений',

	'wall.count.today': 'Сегодня',
	'wall.count.open': 'В работе',
	'wall.count.hot': 'Горячие',
	'wall.count.overdue': 'Просрочено',

	'wall.legend.title': 'Обозначения',
	'wall.legend.new': 'новое (до 15 мин)',
	'wall.legend.open': 'открыто',
	'wall.legend.old': 'открыто дольше суток',
	'wall.legend.hot': 'горячее',
	'wall.legend.closed': 'закрыто',

	'wall.latest.title': 'Последние обращения',
	'wall.latest.empty': 'Пока нет обращений',
	'wall.latest.noPlace': 'место не указано',
	'wall.latest.placing': 'место уточняется',

	'connection.connecting': 'подключение…',
	'connection.online': 'онлайн',
	'connection.reconnecting': 'переподключение…',
	'connection.stale': 'данные устарели с {time}',

	'map.attribution': 'Берег: GSHHG (LGPL-3.0). Границы поселений, дороги и реки — приблизительно. Шрифт Noto Sans (OFL).',

	'channel.pos': 'ПОС',
	'channel.im': 'Инцидент Менеджмент',
	'channel.regional': 'Региональная платформа',
	'channel.head_social': 'Соцсети главы',
	'channel.appeal_59fz': 'Обращение (59-ФЗ)',
	'channel.manual': 'Вручную',

	'status.received': 'получено',
	'status.in_work': 'в работе',
	'status.assigned': 'назначено',
	'status.on_approval': 'на согласовании',
	'status.satisfaction_check': 'проверка удовлетворённости',
	'status.closed': 'закрыто'
} as const;

export type MessageKey = keyof typeof ru;
