package io.cronbeat.store.quartz;

import java.util.Date;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerPersistenceDelegateSupport;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerProperties;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate.TriggerPropertyBundle;
import org.quartz.spi.OperableTrigger;

/**
 * Keeps a {@link CronbeatTrigger} in Quartz's QRTZ_SIMPROP_TRIGGERS columns, never as a
 * serialized object: STR_PROP_1 the schedule as written, STR_PROP_2 the zone, STR_PROP_3 the
 * job name (the seed of H), LONG_PROP_1 the first missed fire time (0 when none).
 */
public class CronbeatTriggerPersistence extends SimplePropertiesTriggerPersistenceDelegateSupport {

  static final String TYPE = "CRONBEAT";

  @Override
  public boolean canHandleTriggerType(OperableTrigger trigger) {
    return trigger instanceof CronbeatTrigger;
  }

  @Override
  public String getHandledTriggerTypeDiscriminator() {
    return TYPE;
  }

  @Override
  protected SimplePropertiesTriggerProperties getTriggerProperties(OperableTrigger trigger) {
    CronbeatTrigger cronbeat = (CronbeatTrigger) trigger;
    SimplePropertiesTriggerProperties properties = new SimplePropertiesTriggerProperties();
    properties.setString1(cronbeat.scheduleText());
    properties.setString2(cronbeat.zoneId());
    properties.setString3(cronbeat.seed());
    properties.setLong1(cronbeat.getMissedFrom() == null ? 0 : cronbeat.getMissedFrom().getTime());
    return properties;
  }

  @Override
  protected TriggerPropertyBundle getTriggerPropertyBundle(SimplePropertiesTriggerProperties properties) {
    long missed = properties.getLong1();
    return new TriggerPropertyBundle(
        new CronbeatScheduleBuilder(properties.getString1(), properties.getString2(), properties.getString3()),
        new String[] {"missedFrom"},
        new Object[] {missed == 0 ? null : new Date(missed)});
  }
}
