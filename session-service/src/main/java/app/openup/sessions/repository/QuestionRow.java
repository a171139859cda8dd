package app.openup.sessions.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An open question: from the catalogue, or in the asker's own words (sealed). */
@Entity
@Table(name = "session_question_row")
@IdClass(VersionedKey.class)
public class QuestionRow extends PanacheEntityBase {

  @Id
  @Column(name = "question_id")
  public UUID id;

  @Id public int version;

  public UUID sessionId;
  public UUID askedBy;
  public String question;
  public String words;
  public Instant askedAt;
  public long position;
}
