package app.openup.feedback.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a couple's connection history: a step of the method, who, when, and where it lives.
 */
@Entity
@Table(name = "h_timeline")
@IdClass(VersionedKey.class)
public class TimelineEntry extends PanacheEntityBase {

  @Id
  @Column(name = "entry_id")
  public UUID id;

  @Id public int version;

  public UUID coupleId;
  public int step;
  public String kind;
  public UUID actor;
  public Instant at;
  public UUID subjectId;
  public String service;
  public String path;
}
