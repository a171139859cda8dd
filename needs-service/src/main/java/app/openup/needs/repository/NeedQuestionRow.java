package app.openup.needs.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An open question about a need, and its answer (both sealed). */
@Entity
@Table(name = "need_question_row")
@IdClass(NeedQuestionRow.Key.class)
public class NeedQuestionRow extends PanacheEntityBase {

  public static class Key implements Serializable {
    public UUID questionId;
    public int version;

    public Key() {}

    public Key(UUID questionId, int version) {
      this.questionId = questionId;
      this.version = version;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && Objects.equals(questionId, key.questionId)
          && version == key.version;
    }

    @Override
    public int hashCode() {
      return Objects.hash(questionId, version);
    }
  }

  @Id public UUID questionId;
  @Id public int version;

  public UUID needId;
  public UUID byPartner;
  public String question;
  public Instant askedAt;
  public String answer;
  public Instant answeredAt;
}
